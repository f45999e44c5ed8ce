#pragma once
// A Stable Diffusion 1.5-class model exported to
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
#include <functional>
#include <memory>
#include <opencv2/core.hpp>
#include <stop_token>
#include <string>
#include <vector>

#include "diffusion/DiffusionConfig.h"
#include "models/ModelManifest.h"

namespace restyle::diffusion {

class SdModel {
  public:
    static std::shared_ptr<SdModel> load(const ModelManifest& manifest, const std::string& device);
    ~SdModel();

    const ModelManifest& manifest() const;
    const SchedulerConfig& scheduler() const;
    bool onCuda() const;
    bool halfPrecision() const;  // float16 weights (CUDA)
    bool hasControlNet() const;

    struct Impl;  // the LibTorch modules, in SdModel.cpp

  private:
    explicit SdModel(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
    friend std::vector<cv::Mat> sample(SdModel& model, const struct SampleRequest& request);
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
