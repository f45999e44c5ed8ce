#pragma once
// Colour statistics in CIE Lab, for Reinhard-style colour transfer (Reinhard et al. 2001):
// used by the colour-transfer editor and by propagation's colour calibration.
#include <opencv2/core.hpp>

namespace restyle {

struct LabStats {
    cv::Vec3d mean;
    cv::Vec3d stddev;
};

// Statistics of a BGR 8-bit image, over `mask` (non-zero pixels) when given.
LabStats labStats(const cv::Mat& bgr, const cv::Mat& mask = cv::Mat());

// `bgr` with its Lab mean and spread moved to `target`'s, mixed by `strength` in [0, 1].
cv::Mat transferColor(const cv::Mat& bgr, const LabStats& source, const LabStats& target,
                      double strength = 1.0);

}  // namespace restyle
