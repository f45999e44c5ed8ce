#pragma once
#include <opencv2/core.hpp>

namespace restyle {

// 255 where a warped source frame differs from the current one by more than `threshold`
// grey levels (after a light blur, so noise and compression do not count): the flow that
// warped it has drifted or hit something it cannot explain.
cv::Mat photometricMismatch(const cv::Mat& warpedSource, const cv::Mat& currentSource,
                            double threshold = 28.0);

}  // namespace restyle
