#include <opencv2/photo.hpp>

#include "edit/BuiltinEditors.h"

namespace restyle {
namespace {

// OpenCV's detail enhancement: a crisp, hyper-real "HDR" look.
class DetailEnhanceEditor : public Editor {
  public:
    std::string name() const override { return "detail-enhance"; }
    std::string description() const override { return "Detail enhancement: crisp, HDR-like"; }
    std::vector<ParamSpec> params() const override {
        return {params::inPixels(params::floating("sigma_s", 10, 1, 200, "Spatial extent (pixels)")),
                params::floating("sigma_r", 0.15, 0.01, 1, "Detail colour range"),
                params::floating("strength", 1, 0, 1, "Mix with the original frame")};
    }
    cv::Mat apply(const cv::Mat& frame, const ParamValues& v,
                  std::vector<std::string>*) const override {
        cv::Mat out;
        cv::detailEnhance(frame, out, float(v["sigma_s"].get<double>()),
                          float(v["sigma_r"].get<double>()));
        return mixStrength(frame, out, v["strength"]);
    }
};

}  // namespace

std::unique_ptr<Editor> makeDetailEnhanceEditor() {
    return std::make_unique<DetailEnhanceEditor>();
}

}  // namespace restyle
