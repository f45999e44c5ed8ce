#include "common/BuildInfo.h"

#include <torch/cuda.h>
#include <torch/version.h>
#include <opencv2/core/version.hpp>

extern "C" {
#include <libavutil/avutil.h>
}

namespace restyle {

bool cudaAvailable() {
    return torch::cuda::is_available();
}

std::string torchVersionText() {
    return std::string("LibTorch ") + TORCH_VERSION +
           " (CUDA: " + (cudaAvailable() ? "available" : "not available") + ")";
}

std::string opencvVersionText() {
    return std::string("OpenCV ") + CV_VERSION;
}

std::string ffmpegVersionText() {
    return std::string("FFmpeg ") + av_version_info();
}

}  // namespace restyle
