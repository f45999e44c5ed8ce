#include <opencv2/photo.hpp>

#include "edit/BuiltinEditors.h"

namespace restyle {
namespace {

// OpenCV's edge-preserving stylization (Gastal and Oliveira's domain transform): a painted,
// watercolour-like look with smooth regions and crisp edges.
class StylizeEditor : public Editor {
  public:
    std::string name() const override { return "stylize"; }
    std::string description() const override {
        return "Painterly stylization: flat colour regions with crisp edges";
    }
    std::vector<ParamSpec> params() const override {
        return {
            params::floating("sigma_s", 60, 1, 200, "Spatial extent of smoothing (pixels)"),
            params::floating("sigma_r", 0.45, 0.01, 1, "How much colour difference is smoothed"),
            params::floating("strength", 1, 0, 1, "Mix with the original frame")};
    }
    cv::Mat apply(const cv::Mat& frame, const ParamValues& v,
                  std::vector<std::string>*) const override {
        cv::Mat out;
        cv::stylization(frame, out, float(v["sigma_s"].get<double>()),
                        float(v["sigma_r"].get<double>()));
        return mixStrength(frame, out, v["strength"]);
    }
};

}  // namespace

std::unique_ptr<Editor> makeStylizeEditor() {
    return std::make_unique<StylizeEditor>();
}

}  // namespace restyle
