#include <opencv2/xphoto/oilpainting.hpp>

#include "edit/BuiltinEditors.h"

namespace restyle {
namespace {

// Oil painting (OpenCV xphoto): each pixel takes the dominant colour of its neighbourhood.
class OilPaintEditor : public Editor {
  public:
    std::string name() const override { return "oil-paint"; }
    std::string description() const override { return "Oil painting with visible brush dabs"; }
    std::vector<ParamSpec> params() const override {
        return {params::inPixels(
                    params::integer("brush", 5, 1, 20, "Brush size (neighbourhood radius, px)")),
                params::integer("dynamics", 1, 1, 64, "Colour dynamics: higher, fewer colours"),
                params::floating("strength", 1, 0, 1, "Mix with the original frame")};
    }
    cv::Mat apply(const cv::Mat& frame, const ParamValues& v,
                  std::vector<std::string>*) const override {
        cv::Mat out;
        cv::xphoto::oilPainting(frame, out, v["brush"].get<int>(), v["dynamics"].get<int>());
        return mixStrength(frame, out, v["strength"]);
    }
};

}  // namespace

std::unique_ptr<Editor> makeOilPaintEditor() {
    return std::make_unique<OilPaintEditor>();
}

}  // namespace restyle
