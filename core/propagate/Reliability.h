#pragma once
// Which pixels of a frame a keyframe explains. The forward-backward flow check alone fails on
// real footage: on flat walls the flow is ambiguous, the check fails although nothing moves,
// and the keyframe's paint is thrown away. Photometric agreement of the warped keyframe
// *source* with the current source is the second piece of evidence; together they separate:
//  - Kept:       the flow is consistent and the warp agrees with what the camera sees;
//  - Ambiguous:  the flow check fails (flat region) but the warp agrees closely: kept too;
//  - Drifted:    the flow is consistent but the warp disagrees (drift, a shadow): not kept;
//  - NewContent: the flow check fails and the warp disagrees: revealed or entering content.
#include <opencv2/core.hpp>

namespace restyle {

enum class PixelClass : uchar { Kept = 0, Ambiguous = 1, Drifted = 2, NewContent = 3 };

struct ReliabilitySettings {
    // photometricResidual (grey levels) below which a warp agrees with the frame...
    double agree = 14.0;  // ...when the flow check passes
    double close = 7.0;   // ...whatever the flow check says
    // Disagreeing specks smaller than this (px) are noise, not content.
    int minSpeck = 3;
};

// Per pixel PixelClass (CV_8U) for a keyframe's source warped to the frame, the frame's
// source and the flow check's mask (255 = inconsistent).
cv::Mat classifyPixels(const cv::Mat& warpedKeySource, const cv::Mat& source,
                       const cv::Mat& flowInconsistent, const ReliabilitySettings& settings = {});

// 255 where the keyframe does not explain the frame (Drifted or NewContent), grown a little so
// seams stay outside the changed content.
cv::Mat unexplainedMask(const cv::Mat& classes);

// A one-call form: unexplainedMask(classifyPixels(...)).
cv::Mat unexplainedPixels(const cv::Mat& warpedKeySource, const cv::Mat& source,
                          const cv::Mat& flowInconsistent,
                          const ReliabilitySettings& settings = {});

// Shares of each class, in class order (for metrics and the flow overlay).
cv::Vec4d classShares(const cv::Mat& classes);

}  // namespace restyle
