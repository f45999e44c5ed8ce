#pragma once
#include <opencv2/core.hpp>
#include <string>

namespace restyle {

// Writes an image (format from the extension) through a temporary sibling and a rename.
// InputError naming the path for an unwritable place or an unknown extension.
void writeImageAtomically(const std::string& path, const cv::Mat& image);

}  // namespace restyle
