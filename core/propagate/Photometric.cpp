#include "propagate/Photometric.h"

#include <algorithm>
#include <cmath>
#include <opencv2/imgproc.hpp>

#include "propagate/ExposureFollow.h"

namespace restyle {

namespace {

// The slowly varying part of a signed difference image (CV_32FC3): its clipped values,
// blurred at a tenth of the frame's size (computed at 1/8 scale; exposure is smooth).
cv::Mat lowFrequencyBias(const cv::Mat& diff) {
    const double clip = 24.0;  // a real change is larger; exposure drift is usually smaller
    cv::Mat clipped = cv::min(cv::max(diff, -clip), clip);
    cv::Mat small;
    cv::resize(clipped, small, cv::Size(), 0.125, 0.125, cv::INTER_AREA);
    const double sigma = 0.1 * std::max(diff.cols, diff.rows) * 0.125;
    cv::GaussianBlur(small, small, cv::Size(0, 0), std::max(1.0, sigma));
    cv::Mat bias;
    cv::resize(small, bias, diff.size(), 0, 0, cv::INTER_LINEAR);
    return bias;
}

}  // namespace

cv::Mat photometricResidual(const cv::Mat& warpedSource, const cv::Mat& currentSource) {
    CV_Assert(warpedSource.type() == CV_8UC3 && currentSource.type() == CV_8UC3 &&
              warpedSource.size() == currentSource.size());
    // Runs two to three times per frame: the difference straight into float (one pass, not
    // two conversions and a subtraction), and the last steps (bias removed, absolute value,
    // largest channel) fused into one pass over rows.
    // A fade or a light changes brightness by a factor, which the additive bias below (its
    // clip is for drift) cannot absorb: the frame-wide factor is divided out first.
    const double gain = exposureGain(warpedSource, currentSource, 0.02);
    cv::Mat diff;
    if (gain == 1.0) {
        cv::subtract(warpedSource, currentSource, diff, cv::noArray(), CV_32F);
    } else {
        warpedSource.convertTo(diff, CV_32F, gain);
        cv::subtract(diff, currentSource, diff, cv::noArray(), CV_32F);
    }
    cv::GaussianBlur(diff, diff, cv::Size(5, 5), 0);
    const cv::Mat bias = lowFrequencyBias(diff);
    cv::Mat residual(diff.size(), CV_32F);
    cv::parallel_for_(cv::Range(0, diff.rows), [&](const cv::Range& rows) {
        for (int y = rows.start; y < rows.end; ++y) {
            const float* d = diff.ptr<float>(y);
            const float* b = bias.ptr<float>(y);
            float* r = residual.ptr<float>(y);
            for (int x = 0; x < diff.cols; ++x, d += 3, b += 3)
                r[x] = std::max(std::max(std::abs(d[0] - b[0]), std::abs(d[1] - b[1])),
                                std::abs(d[2] - b[2]));
        }
    });
    return residual;
}

cv::Mat photometricMismatch(const cv::Mat& warpedSource, const cv::Mat& currentSource,
                            double threshold) {
    cv::Mat mask = photometricResidual(warpedSource, currentSource) > threshold;
    cv::dilate(mask, mask, cv::getStructuringElement(cv::MORPH_ELLIPSE, cv::Size(5, 5)));
    return mask;
}

}  // namespace restyle
