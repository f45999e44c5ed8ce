#pragma once
// A secondary anchor that follows the clip by composing frame-to-frame flows (no extra flow
// estimation): the warp engine carries its own fill of new content along with it, so a region
// filled once stays steady and is resampled once per re-anchor instead of once per frame
// (repeated resampling blurs). Only the pixels marked valid are carried: keyframe content
// never enters the carry, so it cannot leak onto whatever moves over it later.
#include <opencv2/core.hpp>

#include "flow/Occlusion.h"
#include "propagate/Reliability.h"

namespace restyle {

class ChainedAnchor {
  public:
    explicit ChainedAnchor(OcclusionSettings occlusion = {}) : occlusion_(occlusion) {}

    // The anchor becomes `image` (an output), made from `source` (that frame's source);
    // `valid` (CV_8U, 255) marks the pixels worth carrying (all when empty). `image` may be
    // empty while the output is not made yet: the flows and usable() follow all the same.
    void reset(const cv::Mat& image, const cv::Mat& source, const cv::Mat& valid = cv::Mat());
    void clear();
    bool empty() const { return image_.empty(); }
    int age() const { return age_; }

    // Moves to the next frame along the step flows (t -> t-1 and t-1 -> t).
    void step(const cv::Mat& toPrevious, const cv::Mat& fromPrevious);
    // The anchor image warped to the current frame.
    cv::Mat warped() const;
    // The flow from the current frame to the anchor's (warpImage(anchorImage, toAnchor())).
    const cv::Mat& toAnchor() const { return toAnchor_; }
    // 255 where the warped anchor is valid and explains `currentSource` (Reliability.h:
    // chained flows agree with each other even when both drift, so the source decides).
    cv::Mat usable(const cv::Mat& currentSource, const ReliabilitySettings& settings = {}) const;
    // 255 where it cannot be used (the complement of usable(), kept for callers of old).
    cv::Mat unreliable(const cv::Mat& currentSource) const;

  private:
    OcclusionSettings occlusion_;
    cv::Mat image_, source_, valid_, toAnchor_, fromAnchor_;
    int age_ = 0;
};

}  // namespace restyle
