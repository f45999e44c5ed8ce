#pragma once
// Internal to restyle_core (LibTorch): a Stable Diffusion 1.5-class model exported to
// TorchScript, per its manifest (kinds sd-img2img, instruct-pix2pix, video-diffusion):
//   files.text_encoder  forward(ids int64 [B, 77]) -> [B, 77, D]
//   files.vae_encoder   forward(image [B, 3, H, W] in [-1, 1], RGB) -> latent mean [B, C, H/8, W/8]
//   files.vae_decoder   forward(latent [B, C, h, w]) -> image [B, 3, 8h, 8w] in [-1, 1]
//   files.unet          forward(latent [B, C + extra, h, w], t float32 [B], context [B, 77, D]
//                       [, residuals List[Tensor]]) -> [B, C, h, w]
//   files.controlnet    forward(latent, t, context, control [B, 3, H, W] in [0, 1]) -> List[Tensor]
//   files.vocab, files.merges  the CLIP tokenizer
// Loading probes every module with small inputs and refuses one that breaks its contract,
// naming the file and the shape expected.
#include <torch/script.h>

#include <functional>
#include <memory>
#include <opencv2/core.hpp>
#include <optional>
#include <stop_token>

#include "diffusion/ClipTokenizer.h"
#include "diffusion/DiffusionConfig.h"
#include "models/ModelManifest.h"

namespace restyle::diffusion {

struct SdModel {
    ModelManifest manifest;
    torch::Device device{torch::kCPU};
    torch::Dtype dtype = torch::kFloat32;
    torch::jit::script::Module textEncoder, unet, vaeEncoder, vaeDecoder;
    std::optional<torch::jit::script::Module> controlnet;
    std::unique_ptr<ClipTokenizer> tokenizer;
    SchedulerConfig scheduler;
    double latentScale = 0.18215;
    int latentChannels = 4;
    int downscale = 8;
    int extraChannels = 0;  // InstructPix2Pix: the image's latent is concatenated (4)

    static std::shared_ptr<SdModel> load(const ModelManifest& manifest, const std::string& device);

    torch::Tensor encodeText(const std::vector<std::string>& prompts);  // [B, 77, D]
    torch::Tensor encodeImages(const std::vector<cv::Mat>& bgr);        // scaled latents
    std::vector<cv::Mat> decode(const torch::Tensor& latents);          // BGR images
    // One UNet evaluation; `control` (if a ControlNet is loaded) is [B, 3, H, W] in [0, 1].
    torch::Tensor denoise(const torch::Tensor& latents, int64_t t, const torch::Tensor& context,
                          const torch::Tensor& extra, const torch::Tensor& control,
                          double controlScale);
};

struct SampleRequest {
    std::vector<cv::Mat> init;     // the images to restyle, BGR, equal sizes
    std::vector<cv::Mat> control;  // spatial control per image (edges), BGR; used with a ControlNet
    std::string prompt, negative;
    double guidance = 7.5;
    double strength = 0.75;  // img2img denoising strength
    int steps = 20;
    uint64_t seed = 0;
    double controlScale = 1.0;
    // InstructPix2Pix: the init images also condition the UNet; a second guidance scale.
    bool instructPix2Pix = false;
    double imageGuidance = 1.5;
    // Latent blending: during the first `blendFraction` of the steps, pull the latents toward
    // `blendTargets` (noised to the current step) where `blendMasks` (CV_32F, 1 = trusted) say.
    std::vector<cv::Mat> blendTargets, blendMasks;
    double blendFraction = 0.0;
    std::function<void(int step, int steps)> onStep;
    std::stop_token stop;
};

// img2img (and InstructPix2Pix) sampling with classifier-free guidance; BGR outputs of the
// init images' size. Cancel is checked between steps.
std::vector<cv::Mat> sample(SdModel& model, const SampleRequest& request);

}  // namespace restyle::diffusion
