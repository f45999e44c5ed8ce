#pragma once
// A frame brighter or darker than its keyframe as a whole (a fade from or to black, a light
// switched on): the keyframe's edit, carried by the flow, would keep the keyframe's exposure
// and lag the fade. The gain is the ratio of the frames' mean brightness; within a few
// percent of 1 (people walking through, noise) it is 1, so ordinary shots are untouched, and
// it ramps in beyond that without a step.
#include <opencv2/core.hpp>

namespace restyle {

// `deadZone`: the relative change treated as none (and ramped in over as much again): a
// keyframe may be many frames away; from one frame to the next a smaller change is a fade.
double exposureGain(const cv::Mat& keySource, const cv::Mat& source, double deadZone = 0.04);
// `edit` (BGR 8-bit) scaled by `gain`; the same Mat when the gain is 1.
cv::Mat followExposure(const cv::Mat& edit, double gain);

}  // namespace restyle
