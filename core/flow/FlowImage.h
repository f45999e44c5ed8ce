#pragma once
// Image helpers used by the flow engines and the flow tracker.
#include <opencv2/core.hpp>

namespace restyle {

// 8-bit single channel view of a BGR (or already grey) 8-bit image.
cv::Mat toGray(const cv::Mat& image);

}  // namespace restyle
