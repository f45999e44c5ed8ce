#pragma once
// The warp engine's fill for content the keyframes do not explain. A strategy behind a small
// interface so a learned fill (the few-shot style network) can replace the weight-free one.
#include <opencv2/core.hpp>

namespace restyle {
// Fills content the keyframes do not explain (revealed background, newcomers) in the keyframes' look.
class NewContentFill {
  public:
    virtual ~NewContentFill() = default;
    // source: BGR 8-bit frame at processing size; draft: the engine's output so far;
    // newContent: CV_8U, 255 where the content is new. Returns the frame with new-content pixels
    // (and a feathered margin) filled; every other pixel identical to draft.
    virtual cv::Mat fill(const cv::Mat& source, const cv::Mat& draft, const cv::Mat& newContent) = 0;
};
}  // namespace restyle

#include <memory>

#include "propagate/Keyframe.h"

namespace restyle {

// Additions to the interface above (defaults do nothing, so a fill may ignore them).
class KeyframeAwareFill : public NewContentFill {
  public:
    // The keyframe whose look new content must take; called before the first fill() of each
    // stretch and again when the engine moves to another keyframe.
    virtual void useKeyframe(const ResolvedKeyframe& key) = 0;
};

// The weight-free default: with a re-appliable editor, the editor applied around the new
// content; with a painted keyframe, the source mapped through the colour mapping the
// keyframe's paint made (a robust per-colour table learned from its source/edit pair).
std::shared_ptr<NewContentFill> createDefaultFill(double featherSigma = 2.0);

}  // namespace restyle
