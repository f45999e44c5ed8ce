#pragma once
// Photometric agreement of a warped source frame with the current source: the evidence that a
// warp explains what the camera sees now, independent of whether the flow was confident.
#include <opencv2/core.hpp>

namespace restyle {

// Per-pixel disagreement in grey levels (CV_32F) between `warpedSource` and `currentSource`
// (BGR 8-bit, same size), tolerant of exposure and white-balance drift: each channel's
// difference loses its low-frequency part (estimated from clipped differences, so a person
// walking past does not count as an exposure change) before the largest channel is taken.
// A light blur first keeps sensor noise and compression blocks from counting.
cv::Mat photometricResidual(const cv::Mat& warpedSource, const cv::Mat& currentSource);

// 255 where photometricResidual exceeds `threshold` grey levels, grown by 2 px (the edge of a
// mismatch is mismatched too).
cv::Mat photometricMismatch(const cv::Mat& warpedSource, const cv::Mat& currentSource,
                            double threshold = 20.0);

}  // namespace restyle
