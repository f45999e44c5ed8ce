#pragma once
// Internal to restyle_core (includes LibTorch): what an SdModel holds.
// The UNet and ControlNet are called through std::functions so tests can record the calls.
#include <torch/torch.h>

#include <functional>
#include <optional>

#include "diffusion/ClipTokenizer.h"
#include "diffusion/SdModel.h"
#include "diffusion/detail/Networks.h"

namespace restyle::diffusion {

using UNetCall = std::function<torch::Tensor(
    const torch::Tensor& x, const torch::Tensor& timesteps, const torch::Tensor& context,
    const std::vector<torch::Tensor>& control, int64_t frames)>;
using ControlNetCall = std::function<std::vector<torch::Tensor>(
    const torch::Tensor& x, const torch::Tensor& hint, const torch::Tensor& timesteps,
    const torch::Tensor& context, int64_t frames)>;

struct SdModel::Impl {
    std::string name, kind, path;
    SdConfig config;
    SchedulerConfig scheduler;
    torch::Device device{torch::kCPU};
    torch::Dtype dtype = torch::kFloat32;
    std::shared_ptr<nn::UNet> unetNet;
    std::shared_ptr<nn::ControlNet> controlNet;
    std::shared_ptr<nn::Vae> vae;
    std::shared_ptr<nn::ClipText> text;
    UNetCall unet;
    ControlNetCall controlnet;  // empty without a ControlNet
    std::string vocab, merges;  // found files, or empty
    std::unique_ptr<ClipTokenizer> tokenizer;
    int64_t parameters = 0;

    torch::Tensor encodeText(const std::string& prompt);          // [1, 77, D]
    torch::Tensor encodeImages(const std::vector<cv::Mat>& bgr);  // unscaled latents, float32
    std::vector<cv::Mat> decode(const torch::Tensor& latents);    // scaled latents -> BGR
};

}  // namespace restyle::diffusion
