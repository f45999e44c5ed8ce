#include "propagate/ExposureFollow.h"

#include <algorithm>
#include <cmath>

namespace restyle {

namespace {

double meanBrightness(const cv::Mat& bgr) {
    const cv::Scalar m = cv::mean(bgr);
    return (m[0] + m[1] + m[2]) / 3.0;
}

}  // namespace

double exposureGain(const cv::Mat& keySource, const cv::Mat& source, double deadZone) {
    // Ratios of frames near black are noise (and an editor may lift black): means below 16
    // count as 16.
    constexpr double kFloor = 16.0, kLimit = 16.0;
    const double kDeadZone = deadZone, kRamp = deadZone;
    const double a = std::max(kFloor, meanBrightness(keySource));
    const double b = std::max(kFloor, meanBrightness(source));
    const double logGain = std::clamp(std::log(b / a), -std::log(kLimit), std::log(kLimit));
    const double weight = std::clamp((std::abs(logGain) - kDeadZone) / kRamp, 0.0, 1.0);
    return std::exp(weight * logGain);
}

cv::Mat followExposure(const cv::Mat& edit, double gain) {
    if (gain == 1.0) return edit;
    cv::Mat out;
    edit.convertTo(out, CV_8UC3, gain);
    return out;
}

}  // namespace restyle
