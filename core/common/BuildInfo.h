#pragma once
#include <string>

namespace restyle {

// "LibTorch 1.13.1 (CUDA: no)", "OpenCV 4.6.0", "FFmpeg 5.1.x": the libraries in use.
std::string torchVersionText();
bool cudaAvailable();
std::string opencvVersionText();
std::string ffmpegVersionText();

}  // namespace restyle
