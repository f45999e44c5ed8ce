#pragma once
// Internal to restyle_core: what an SdModel holds. LibTorch stays in the .cpp files (see
// detail/Blocks.h): tensors are forward-declared, the device and dtype are LibTorch's enums
// declared opaque, and the networks are the opaque ones of detail/Networks.h. The UNet and
// ControlNet are called through std::functions so tests can record the calls.
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "diffusion/ClipTokenizer.h"
#include "diffusion/SdModel.h"
#include "diffusion/detail/Networks.h"

namespace c10 {
enum class DeviceType : int8_t;
enum class ScalarType : int8_t;
}  // namespace c10

namespace restyle::diffusion {

using UNetCall = std::function<at::Tensor(const at::Tensor& x, const at::Tensor& timesteps,
                                          const at::Tensor& context,
                                          const std::vector<at::Tensor>& control, int64_t frames)>;
using ControlNetCall = std::function<std::vector<at::Tensor>(
    const at::Tensor& x, const at::Tensor& hint, const at::Tensor& timesteps,
    const at::Tensor& context, int64_t frames)>;

struct SdModel::Impl {
    std::string name, kind, path;
    SdConfig config;
    SchedulerConfig scheduler;
    // Set by SdModel::load ({} reads CPU and uint8: the enumerators are in LibTorch).
    c10::DeviceType device{};  // CPU or CUDA (LibTorch's default index)
    c10::ScalarType dtype{};   // of the weights: float16 on CUDA, float32 on the CPU
    std::shared_ptr<nn::UNet> unetNet;
    std::shared_ptr<nn::ControlNet> controlNet;
    std::shared_ptr<nn::Vae> vae;
    std::shared_ptr<nn::ClipText> text;
    UNetCall unet;
    ControlNetCall controlnet;  // empty without a ControlNet
    std::string vocab, merges;  // found files, or empty
    std::unique_ptr<ClipTokenizer> tokenizer;
    int64_t parameters = 0;

    at::Tensor encodeText(const std::string& prompt);          // [1, 77, D]
    at::Tensor encodeImages(const std::vector<cv::Mat>& bgr);  // unscaled latents, float32
    std::vector<cv::Mat> decode(const at::Tensor& latents);    // scaled latents -> BGR
};

}  // namespace restyle::diffusion
