#pragma once
// The camera's motion between two frames as one homography, and flow fusion with it.
// Chained flows go wrong for good where something passed in front of the background (the
// step flow there followed the passer-by), and on flat regions any flow fits; a background
// that moves rigidly is better described by the camera's motion. Fusion keeps, per pixel,
// whichever of the estimated flow and the camera-motion flow explains the frame better
// (photometrically), preferring the camera motion on ties: static walls stay put, paint on
// them stays rigid, and the chain recovers once the passer-by has gone.
#include <opencv2/core.hpp>
#include <optional>

namespace restyle {

// The homography H with H * x ~ x + flow(x), fitted robustly (RANSAC) to a grid of flow
// vectors outside `exclude` (CV_8U, 255 = do not use; may be empty). None when too few
// vectors agree.
std::optional<cv::Matx33d> fitGlobalMotion(const cv::Mat& flow, const cv::Mat& exclude);

// The spacing of the grid fitGlobalMotion samples (the first row and column at step / 2).
int globalMotionGridStep(cv::Size size);

// The flow field of a homography: flow(x) = H x - x.
cv::Mat homographyFlow(const cv::Matx33d& H, cv::Size size);

// Replaces, in place, the vectors of `toAnchor` (frame -> anchor) and `fromAnchor`
// (anchor -> frame) where the camera-motion flow explains the images as well or better.
// Returns the share of frame pixels that took the camera motion.
double fuseWithGlobalMotion(const cv::Mat& anchor, const cv::Mat& frame, cv::Mat& toAnchor,
                            cv::Mat& fromAnchor, const cv::Mat& unreliable);

}  // namespace restyle
