#pragma once
// Boxes of a frame that a style network runs on, in shapes that repeat from frame to frame.
#include <opencv2/core.hpp>
#include <vector>

namespace restyle {

// `box` grown about its centre to sides of multiples of 16 px, kept inside `frame`.
cv::Rect networkBox(const cv::Rect& box, cv::Size frame);

// The boxes covering `mask`'s regions, each grown by `margin` px (Feather's coveringBoxes),
// in network shapes.
std::vector<cv::Rect> networkBoxes(const cv::Mat& mask, int margin);

}  // namespace restyle
