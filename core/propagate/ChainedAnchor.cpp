#include "propagate/ChainedAnchor.h"

#include "flow/Warp.h"

namespace restyle {

void ChainedAnchor::reset(const cv::Mat& image, const cv::Mat& source, const cv::Mat& valid) {
    image_ = image.clone();
    source_ = source.clone();
    valid_ = valid.empty() ? cv::Mat(source.size(), CV_8U, cv::Scalar(255)) : valid.clone();
    toAnchor_ = cv::Mat::zeros(source.size(), CV_32FC2);
    fromAnchor_ = toAnchor_.clone();
    age_ = 0;
}

void ChainedAnchor::clear() {
    image_.release();
    source_.release();
    age_ = 0;
}

void ChainedAnchor::step(const cv::Mat& toPrevious, const cv::Mat& fromPrevious) {
    if (source_.empty()) return;
    toAnchor_ = composeFlow(toPrevious, toAnchor_);
    fromAnchor_ = composeFlow(fromAnchor_, fromPrevious);
    ++age_;
}

cv::Mat ChainedAnchor::warped() const {
    return warpImage(image_, toAnchor_);
}

cv::Mat ChainedAnchor::usable(const cv::Mat& currentSource, const ReliabilitySettings& s) const {
    const cv::Mat unexplained =
        unexplainedPixels(warpImage(source_, toAnchor_), currentSource,
                          occlusionMask(toAnchor_, fromAnchor_, occlusion_), s);
    return warpMask(valid_, toAnchor_, 0) & ~unexplained;
}

cv::Mat ChainedAnchor::unreliable(const cv::Mat& currentSource) const {
    return ~usable(currentSource);
}

}  // namespace restyle
