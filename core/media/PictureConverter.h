// Decoded pictures to BGR images at the reader's output size and orientation: one scaler,
// remade only when the stream's picture size or pixel format changes mid-stream.
#pragma once

#include <opencv2/core.hpp>
#include <string>

#include "media/Av.h"

namespace restyle {

class PictureConverter {
  public:
    // `size` is the output after rotation; `rotation` is clockwise, 0/90/180/270.
    // `path` names the file in errors.
    cv::Mat toBgr(const AVFrame& picture, cv::Size size, int rotation, const std::string& path);

  private:
    av::Sws sws_;
    int width_ = 0, height_ = 0, format_ = -1;
};

}  // namespace restyle
