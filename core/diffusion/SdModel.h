#pragma once
// A Stable Diffusion 1.x model (SD 1.5-class, or InstructPix2Pix) with an optional ControlNet,
// loaded natively from users' single-file checkpoints (.safetensors, .ckpt/.pth where LibTorch
// reads them) into C++ networks: fp16 on CUDA, fp32 on the CPU. A model is named by
//   - a checkpoint file, or
//   - a manifest (path or name on the model path) of kind sd-img2img or instruct-pix2pix whose
//     files name "checkpoint" and optionally "controlnet", "vocab" and "merges".
// The CLIP vocabulary (vocab.json + merges.txt) is looked for beside the checkpoint, in its
// tokenizer/ folder, then on the model path; empty prompts need none.
#include <functional>
#include <memory>
#include <opencv2/core.hpp>
#include <stop_token>
#include <string>
#include <vector>

#include "diffusion/DiffusionConfig.h"

namespace restyle::diffusion {

class SdModel {
  public:
    // InputError naming the file and the first bad tensor when a checkpoint does not fit.
    static std::shared_ptr<SdModel> load(const std::string& model, const std::string& controlnet,
                                         const std::string& device);
    ~SdModel();

    const std::string& name() const;
    const std::string& kind() const;  // sd15 or instruct-pix2pix
    const SchedulerConfig& scheduler() const;
    bool onCuda() const;
    bool halfPrecision() const;  // float16 weights (CUDA)
    bool hasControlNet() const;
    int downscale() const;       // pixels per latent (8)
    int64_t parameters() const;  // weights of all networks

    struct Impl;  // LibTorch inside: diffusion/detail/SdModelImpl.h
    Impl& impl() { return *impl_; }
    explicit SdModel(std::unique_ptr<Impl> impl);

  private:
    std::unique_ptr<Impl> impl_;
};

// An image through the VAE encoder ahead of the request that uses it (the latents stay on
// the model's device): a batch's keyframes can be encoded while the frames after them are
// still being read and flowed, so that the model starts before the whole batch is buffered.
struct EncodedImage;
std::shared_ptr<const EncodedImage> encodeAhead(SdModel& model, const cv::Mat& bgr);

struct SampleRequest {
    std::vector<cv::Mat> init;     // the images to restyle, BGR, equal sizes
    // The init images and blend targets encoded ahead, where given (an entry may be null:
    // that image is encoded with the request). The same latents either way.
    std::vector<std::shared_ptr<const EncodedImage>> initEncoded, blendEncoded;
    std::vector<cv::Mat> control;  // spatial control per image (edges, depth), BGR
    // Cross-frame attention: the frames attend to the anchor (the carried frame, when given,
    // else the first init image), their previous frame and themselves.
    cv::Mat anchor, anchorControl;  // the anchor is kept as it is (re-noised at every step)
    bool crossFrame = false;
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
    // Each output as soon as it is decoded, in order (on the sampling thread): what waits
    // for the first outputs need not wait for the last.
    std::function<void(size_t index, const cv::Mat& image)> onImage;
    std::stop_token stop;
};

// img2img (and InstructPix2Pix) sampling with classifier-free guidance; BGR outputs of the
// init images' size. Cancel is checked between steps and between decodes. Running out of
// (GPU) memory is an Error (exit 1) naming the batch that failed and what to lower.
std::vector<cv::Mat> sample(SdModel& model, const SampleRequest& request);

// Milliseconds of each network call at side x side with an empty prompt: the text encoder,
// the VAE encoder, each of `steps` UNet evaluations of one frame with both guidance halves
// (and the ControlNet, when the model has one), and the VAE decoder.
struct ComponentTimes {
    double textMs = 0, encodeMs = 0, decodeMs = 0;
    std::vector<double> unetStepMs;
};
ComponentTimes timeComponents(SdModel& model, int side, int steps);

}  // namespace restyle::diffusion
