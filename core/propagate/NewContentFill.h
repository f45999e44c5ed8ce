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
