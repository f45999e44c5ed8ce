#pragma once
#include <opencv2/core.hpp>
#include <vector>

namespace restyle {

// `base` with `layer` pasted over the non-zero pixels of `mask` (CV_8U) at full strength and
// faded out over a margin of about 2 sigma around them, so seams do not show. Pixels beyond
// the margin are `base`'s exactly.
cv::Mat featherPaste(const cv::Mat& base, const cv::Mat& layer, const cv::Mat& mask, double sigma);

// The weight featherPaste uses (CV_32F, 1 on `mask`, 0 beyond the margin).
cv::Mat featherWeight(const cv::Mat& mask, double sigma);

// The margin (px) featherPaste reaches past `mask` for `sigma`.
int featherMargin(double sigma);

// a * w + b * (1 - w) per pixel: a, b CV_8UC3 of one size, w CV_32F in [0, 1].
cv::Mat mixByWeight(const cv::Mat& a, const cv::Mat& b, const cv::Mat& w);

// Boxes covering the connected regions of `mask` (CV_8U), grown by `margin` and merged where
// they overlap: work on a few regions (a fill, its steadying) runs on each pixel once.
std::vector<cv::Rect> regionBoxes(const cv::Mat& mask, int margin);

// Boxes covering the connected regions of `mask`, grown by `margin`, merged only where one box
// is smaller than the two apart. For work that costs per pixel of its box and may run twice
// where boxes overlap (a network's inference): people scattered over a frame stay apart
// instead of becoming one box over the whole scene.
std::vector<cv::Rect> coveringBoxes(const cv::Mat& mask, int margin);

}  // namespace restyle
