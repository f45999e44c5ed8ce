#pragma once
// Writes frames as numbered PNG files (OutputFormat.h). Each frame goes to a hidden temporary
// name and all are renamed by finish(); destroyed before finish() (error, cancel), it removes
// what it wrote, leaving nothing behind.
#include <opencv2/core.hpp>
#include <string>
#include <vector>

namespace restyle {

class ImageSequenceWriter {
  public:
    // `bitDepth` 8 or 16. Throws InputError when the folder cannot be written.
    ImageSequenceWriter(std::string pattern, cv::Size size, int bitDepth);
    ~ImageSequenceWriter();
    void write(const cv::Mat& bgr);
    void finish();
    int64_t framesWritten() const { return int64_t(written_.size()); }

  private:
    std::string pattern_;
    cv::Size size_;
    int bitDepth_;
    std::vector<std::pair<std::string, std::string>> written_;  // temporary, final
    bool finished_ = false;
};

}  // namespace restyle
