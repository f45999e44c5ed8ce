#pragma once
// Middlebury .flo files: "PIEH" (float 202021.25), int32 width, int32 height, then
// width*height (u, v) float32 pairs, row-major, little-endian.
#include <opencv2/core.hpp>
#include <string>

namespace restyle {

void writeFlo(const std::string& path, const cv::Mat& flow);  // atomic (temp + rename)
cv::Mat readFlo(const std::string& path);                     // throws InputError naming the file

}  // namespace restyle
