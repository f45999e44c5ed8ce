#pragma once
// Internal to restyle_core: LibTorch helpers shared by the model-backed strategies. The
// header names LibTorch types by forward declaration only (LibTorch headers are heavy, and
// Qt's `slots` macro breaks them); the .cpp files that call these include torch/script.h.
#include <opencv2/core.hpp>
#include <string>

#include "models/ModelManifest.h"

namespace at {
class Tensor;
}
namespace c10 {
struct Device;
struct IValue;
}  // namespace c10
namespace torch::jit {
struct Module;
}

namespace restyle::torchutil {

// "auto" picks CUDA when LibTorch has it, else CPU. "cuda" without CUDA is an InputError.
c10::Device pickDevice(const std::string& device);

// LibTorch's CPU threads from now on: `threads`, or cpuBudget() for 0 (LibTorch's default
// here is one). Cheap when unchanged; a change rebuilds LibTorch's thread pools (about as
// costly as a small inference), so each user sets the count it needs once at its start
// instead of setting and restoring per call.
void useThreads(int threads);

// Loads a TorchScript module; InputError naming `path` when it is not one.
torch::jit::Module loadModule(const std::string& path, const c10::Device& device);

// BGR 8-bit image -> [1, 3, H, W] float32 per `spec`, on `device`.
at::Tensor imageToTensor(const cv::Mat& bgr, const ImageTensorSpec& spec,
                         const c10::Device& device);
// [1, 3, H, W] (or [3, H, W]) per `spec` -> BGR 8-bit image. InputError naming `who` on NaN.
cv::Mat tensorToImage(const at::Tensor& t, const ImageTensorSpec& spec, const std::string& who);

// The output tensor of a forward() result: the tensor itself, or the last tensor of a
// tuple/list (RAFT returns its refinement iterations). InputError naming `who` otherwise.
at::Tensor outputTensor(const c10::IValue& v, const std::string& who);

std::string shapeText(const at::Tensor& t);

}  // namespace restyle::torchutil
