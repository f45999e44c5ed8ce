#pragma once
// A secondary anchor that follows the clip by composing frame-to-frame flows (no extra flow
// estimation): the warp engine re-anchors on its own output every few frames, so content the
// keyframe cannot see is resampled once per re-anchor instead of once per frame (repeated
// resampling blurs).
#include <opencv2/core.hpp>

#include "flow/Occlusion.h"

namespace restyle {

class ChainedAnchor {
  public:
    explicit ChainedAnchor(OcclusionSettings occlusion = {}) : occlusion_(occlusion) {}

    // The anchor becomes `image` (an output), made from `source` (that frame's source).
    void reset(const cv::Mat& image, const cv::Mat& source);
    bool empty() const { return image_.empty(); }
    int age() const { return age_; }

    // Moves to the next frame along the step flows (t -> t-1 and t-1 -> t).
    void step(const cv::Mat& toPrevious, const cv::Mat& fromPrevious);
    // The anchor image warped to the current frame, and where that cannot be trusted (255).
    cv::Mat warped() const;
    // Also unreliable: where the anchor's source, warped the same way, does not match
    // `currentSource` (chained flows agree with each other even when both drift).
    cv::Mat unreliable(const cv::Mat& currentSource) const;

  private:
    OcclusionSettings occlusion_;
    cv::Mat image_, source_, toAnchor_, fromAnchor_;
    int age_ = 0;
};

}  // namespace restyle
