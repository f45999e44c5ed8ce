#include "propagate/ChainedAnchor.h"

#include "flow/Warp.h"
#include "propagate/Photometric.h"

namespace restyle {

void ChainedAnchor::reset(const cv::Mat& image, const cv::Mat& source) {
    image_ = image.clone();
    source_ = source.clone();
    toAnchor_ = cv::Mat::zeros(image.size(), CV_32FC2);
    fromAnchor_ = toAnchor_.clone();
    age_ = 0;
}

void ChainedAnchor::step(const cv::Mat& toPrevious, const cv::Mat& fromPrevious) {
    if (image_.empty()) return;
    toAnchor_ = composeFlow(toPrevious, toAnchor_);
    fromAnchor_ = composeFlow(fromAnchor_, fromPrevious);
    ++age_;
}

cv::Mat ChainedAnchor::warped() const {
    return warpImage(image_, toAnchor_);
}

cv::Mat ChainedAnchor::unreliable(const cv::Mat& currentSource) const {
    return occlusionMask(toAnchor_, fromAnchor_, occlusion_) |
           photometricMismatch(warpImage(source_, toAnchor_), currentSource);
}

}  // namespace restyle
