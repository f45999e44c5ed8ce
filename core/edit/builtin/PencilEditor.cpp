#include <opencv2/imgproc.hpp>
#include <opencv2/photo.hpp>

#include "edit/BuiltinEditors.h"

namespace restyle {
namespace {

// OpenCV's pencil sketch: grey graphite or coloured pencil on paper.
class PencilEditor : public Editor {
  public:
    std::string name() const override { return "pencil"; }
    std::string description() const override { return "Pencil sketch, grey or coloured"; }
    std::vector<ParamSpec> params() const override {
        return {
            params::choice("mode", {"grey", "color"}, "grey", "Graphite or coloured pencil"),
            params::floating("sigma_s", 60, 1, 200, "Spatial extent of smoothing (pixels)"),
            params::floating("sigma_r", 0.07, 0.01, 1, "How much colour difference is smoothed"),
            params::floating("shade", 0.02, 0, 0.1, "Shading intensity"),
            params::floating("strength", 1, 0, 1, "Mix with the original frame")};
    }
    cv::Mat apply(const cv::Mat& frame, const ParamValues& v,
                  std::vector<std::string>*) const override {
        cv::Mat grey, colour;
        cv::pencilSketch(frame, grey, colour, float(v["sigma_s"].get<double>()),
                         float(v["sigma_r"].get<double>()), float(v["shade"].get<double>()));
        cv::Mat out = colour;
        if (v.at("mode").get<std::string>() == "grey") cv::cvtColor(grey, out, cv::COLOR_GRAY2BGR);
        return mixStrength(frame, out, v["strength"]);
    }
};

}  // namespace

std::unique_ptr<Editor> makePencilEditor() {
    return std::make_unique<PencilEditor>();
}

}  // namespace restyle
