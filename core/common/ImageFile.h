#pragma once
#include <opencv2/core.hpp>
#include <string>

namespace restyle {

// Writes an image (format from the extension) through a temporary sibling and a rename.
// InputError naming the path for an unwritable place or an unknown extension.
void writeImageAtomically(const std::string& path, const cv::Mat& image);

// The edit image for a clip at `size`: read, checked, and scaled when only the scale
// differs. InputError naming `path` when it is not an image or its aspect ratio differs.
cv::Mat loadEditImage(const std::string& path, cv::Size size);

}  // namespace restyle
