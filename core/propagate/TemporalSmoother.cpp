#include "propagate/TemporalSmoother.h"

#include <opencv2/imgproc.hpp>

#include "flow/Warp.h"

namespace restyle {

TemporalSmoother::TemporalSmoother(double strength, double sigma)
    : strength_(strength), sigma_(sigma) {}

cv::Mat TemporalSmoother::apply(const cv::Mat& processed, const cv::Mat& toPrevious,
                                const cv::Mat& previousUnreliable, double exposureStep) {
    warped_.release();
    if (previous_.empty() || toPrevious.empty()) {
        previous_ = processed.clone();
        return processed;
    }
    warped_ = warpImage(previous_, toPrevious);
    if (strength_ <= 0) {
        previous_ = processed.clone();
        return processed;
    }
    // Each full-size step below is one pass over 8-bit data (this runs on every frame).
    cv::Mat diff, m;
    cv::addWeighted(warped_, exposureStep, processed, -1.0, 0.0, diff, CV_32F);
    cv::Mat(previousUnreliable == 0).convertTo(m, CV_32F, 1.0 / 255);
    // The correction is low-frequency: estimate it at a quarter of the size (16x cheaper).
    const double scale = 0.25;
    const double sigma = sigma_ * scale;
    cv::Mat smallDiff, smallMask;
    cv::resize(diff, smallDiff, cv::Size(), scale, scale, cv::INTER_AREA);
    cv::resize(m, smallMask, smallDiff.size(), 0, 0, cv::INTER_AREA);
    std::vector<cv::Mat> ch;
    cv::split(smallDiff, ch);
    cv::Mat den;
    cv::GaussianBlur(smallMask, den, cv::Size(0, 0), sigma);
    for (auto& c : ch) {
        cv::GaussianBlur(c.mul(smallMask), c, cv::Size(0, 0), sigma);
        // Confidence fades the correction out where little nearby was trusted.
        c = c / cv::max(den, 1e-3) * strength_;
        c = c.mul(cv::min(den * 2.0, 1.0));
    }
    cv::Mat smallCorr, corr;
    cv::merge(ch, smallCorr);
    cv::resize(smallCorr, corr, diff.size(), 0, 0, cv::INTER_LINEAR);
    cv::Mat out;
    cv::add(processed, corr, out, cv::noArray(), CV_8U);
    previous_ = out;
    return out;
}

}  // namespace restyle
