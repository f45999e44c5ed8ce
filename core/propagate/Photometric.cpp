#include "propagate/Photometric.h"

#include <opencv2/imgproc.hpp>

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
    cv::Mat a, b;
    warpedSource.convertTo(a, CV_32FC3);
    currentSource.convertTo(b, CV_32FC3);
    cv::Mat diff = a - b;
    cv::GaussianBlur(diff, diff, cv::Size(5, 5), 0);
    diff -= lowFrequencyBias(diff);
    diff = cv::abs(diff);
    std::vector<cv::Mat> ch;
    cv::split(diff, ch);
    return cv::max(cv::max(ch[0], ch[1]), ch[2]);
}

cv::Mat photometricMismatch(const cv::Mat& warpedSource, const cv::Mat& currentSource,
                            double threshold) {
    cv::Mat mask = photometricResidual(warpedSource, currentSource) > threshold;
    cv::dilate(mask, mask, cv::getStructuringElement(cv::MORPH_ELLIPSE, cv::Size(5, 5)));
    return mask;
}

}  // namespace restyle
