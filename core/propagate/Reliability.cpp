#include "propagate/Reliability.h"

#include <opencv2/imgproc.hpp>

#include "propagate/Photometric.h"

namespace restyle {

cv::Mat classifyPixels(const cv::Mat& warpedKeySource, const cv::Mat& source,
                       const cv::Mat& flowInconsistent, const ReliabilitySettings& s) {
    const cv::Mat residual = photometricResidual(warpedKeySource, source);
    cv::Mat disagree = residual > s.agree;
    const cv::Mat notClose = residual > s.close;
    if (s.minSpeck > 0) {
        // Opening removes isolated noisy pixels; real changes are larger.
        const cv::Mat k = cv::getStructuringElement(
            cv::MORPH_ELLIPSE, cv::Size(2 * s.minSpeck - 1, 2 * s.minSpeck - 1));
        cv::morphologyEx(disagree, disagree, cv::MORPH_OPEN, k);
    }
    cv::Mat classes(source.size(), CV_8U, cv::Scalar(uchar(PixelClass::Kept)));
    const cv::Mat inconsistent =
        flowInconsistent.empty() ? cv::Mat::zeros(source.size(), CV_8U) : flowInconsistent;
    classes.setTo(uchar(PixelClass::Ambiguous), inconsistent);
    classes.setTo(uchar(PixelClass::Drifted), disagree & ~inconsistent);
    // An inconsistent flow must agree closely to be kept.
    classes.setTo(uchar(PixelClass::NewContent), (disagree | notClose) & inconsistent);
    return classes;
}

cv::Mat unexplainedMask(const cv::Mat& classes) {
    cv::Mat m = classes >= uchar(PixelClass::Drifted);
    cv::dilate(m, m, cv::getStructuringElement(cv::MORPH_ELLIPSE, cv::Size(5, 5)));
    return m;
}

cv::Mat unexplainedPixels(const cv::Mat& warpedKeySource, const cv::Mat& source,
                          const cv::Mat& flowInconsistent, const ReliabilitySettings& s) {
    return unexplainedMask(classifyPixels(warpedKeySource, source, flowInconsistent, s));
}

cv::Vec4d classShares(const cv::Mat& classes) {
    cv::Vec4d shares;
    const double n = double(classes.total());
    for (int c = 0; c < 4; ++c)
        shares[c] = double(cv::countNonZero(classes == c)) / n;
    return shares;
}

}  // namespace restyle
