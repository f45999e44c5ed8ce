#include <opencv2/imgproc.hpp>
#include <opencv2/photo.hpp>

#include "edit/BuiltinEditors.h"

namespace restyle {
namespace {

// Watercolour: washes of simplified colour, pigment pooling at edges, paper grain.
class WatercolorEditor : public Editor {
  public:
    std::string name() const override { return "watercolor"; }
    std::string description() const override {
        return "Watercolour: soft washes, darker pigment at edges, paper grain";
    }
    std::vector<ParamSpec> params() const override {
        return {params::floating("wetness", 0.5, 0, 1, "How far colours run together"),
                params::floating("edge_darkening", 0.5, 0, 1, "Pigment pooling along edges"),
                params::floating("paper", 0.3, 0, 1, "Paper grain"),
                params::integer("seed", 1, 0, 1000000, "Paper texture seed"),
                params::floating("strength", 1, 0, 1, "Mix with the original frame")};
    }
    cv::Mat apply(const cv::Mat& frame, const ParamValues& v,
                  std::vector<std::string>*) const override {
        const double wet = v["wetness"];
        cv::Mat wash;
        cv::edgePreservingFilter(frame, wash, cv::RECURS_FILTER, float(20 + 100 * wet),
                                 float(0.2 + 0.5 * wet));
        cv::medianBlur(wash, wash, 5);
        // Lighter, slightly desaturated washes.
        cv::Mat f;
        wash.convertTo(f, CV_32FC3, 0.85 / 255, 0.15);
        // Pigment pools where the wash changes: darken by the gradient of a blurred copy.
        cv::Mat grey, gx, gy, mag;
        cv::cvtColor(f, grey, cv::COLOR_BGR2GRAY);
        cv::GaussianBlur(grey, grey, cv::Size(0, 0), 1.5);
        cv::Sobel(grey, gx, CV_32F, 1, 0);
        cv::Sobel(grey, gy, CV_32F, 0, 1);
        cv::magnitude(gx, gy, mag);
        cv::Mat dark = 1.0 - cv::min(mag * (2.0 * v["edge_darkening"].get<double>()), 0.6);
        // Paper grain: seeded noise at two scales.
        cv::Mat grain(frame.size(), CV_32F);
        cv::RNG rng(uint64_t(v["seed"].get<int>()) + 1);
        rng.fill(grain, cv::RNG::NORMAL, 0, 1);
        cv::Mat coarse;
        cv::GaussianBlur(grain, coarse, cv::Size(0, 0), 3);
        cv::GaussianBlur(grain, grain, cv::Size(0, 0), 0.8);
        cv::Mat paper = 1.0 + (grain * 0.05 + coarse * 0.25) * v["paper"].get<double>();
        cv::Mat shade = dark.mul(paper);
        std::vector<cv::Mat> ch;
        cv::split(f, ch);
        for (auto& c : ch)
            c = c.mul(shade);
        cv::merge(ch, f);
        cv::Mat out;
        f.convertTo(out, CV_8UC3, 255.0);
        return mixStrength(frame, out, v["strength"]);
    }
};

}  // namespace

std::unique_ptr<Editor> makeWatercolorEditor() {
    return std::make_unique<WatercolorEditor>();
}

}  // namespace restyle
