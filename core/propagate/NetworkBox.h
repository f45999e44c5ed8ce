#pragma once
// Boxes of a frame that a style network runs on, in shapes that repeat from frame to frame.
#include <opencv2/core.hpp>

namespace restyle {

// `box` grown about its centre to sides of multiples of 16 px, kept inside `frame`.
cv::Rect networkBox(const cv::Rect& box, cv::Size frame);

}  // namespace restyle
