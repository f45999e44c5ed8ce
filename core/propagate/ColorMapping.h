#pragma once
// The colour mapping a painted keyframe applied, learned from its source/edit pair: a table of
// 16^3 source-colour bins, each holding the robust mean edited colour of its pixels (strokes
// painted over a colour are outliers there and do not tint it). Empty bins take the nearest
// filled bin's mapping as an offset, so unseen colours still move the way their neighbours did.
#include <opencv2/core.hpp>
#include <vector>

namespace restyle {

class ColorMapping {
  public:
    // `source`, `edited`: BGR 8-bit, same size.
    ColorMapping(const cv::Mat& source, const cv::Mat& edited);
    // `bgr` mapped (trilinear between bins).
    cv::Mat apply(const cv::Mat& bgr) const;

    static constexpr int kBins = 16;

  private:
    std::vector<cv::Vec3f> table_;  // kBins^3, edited colour per bin centre
};

}  // namespace restyle
