#pragma once
// Internal to restyle_core: the Stable Diffusion 1.x networks as torch::nn modules whose
// parameter names are the original checkpoint's (see detail/Blocks.h for why this header
// includes LibTorch). Built with placeholder weights; nn::loadParameters fills them.
#include "diffusion/NetworkConfig.h"
#include "diffusion/detail/Blocks.h"

namespace restyle::diffusion::nn {

// time_embed, input_blocks and middle_block: shared by the UNet and its ControlNet.
struct UNetEncoder : torch::nn::Module {
    explicit UNetEncoder(const UNetConfig& c);
    Tensor embed(const Tensor& timesteps) const;
    UNetConfig config;
    std::shared_ptr<Linear> time1, time2;
    std::vector<std::shared_ptr<Sequence>> input;
    std::shared_ptr<Sequence> middle;
    std::vector<int64_t> skipChannels;  // the width after each input block
};

struct UNet : UNetEncoder {
    explicit UNet(const UNetConfig& c);
    // x [B, in, h, w], timesteps [B], context [B, 77, D]; `control`: 13 ControlNet residuals
    // (input blocks then middle) or none. frames > 1: cross-frame self-attention over clips of
    // that many consecutive batch entries.
    Tensor forward(const Tensor& x, const Tensor& timesteps, const Tensor& context,
                   const std::vector<Tensor>& control, int64_t frames);
    std::vector<std::shared_ptr<Sequence>> output;
    std::vector<std::shared_ptr<Upsample>> upsamples;  // per output block, or null
    std::shared_ptr<GroupNorm> outNorm;
    std::shared_ptr<Conv> outConv;
};

// ControlNet 1.0/1.1: input_hint_block (8 convs, 8x down), zero_convs, middle_block_out.
struct ControlNet : UNetEncoder {
    explicit ControlNet(const UNetConfig& c);
    // hint [B, 3, 8h, 8w] in [0, 1]; returns 13 residuals, unscaled.
    std::vector<Tensor> forward(const Tensor& x, const Tensor& hint, const Tensor& timesteps,
                                const Tensor& context, int64_t frames);
    std::vector<std::shared_ptr<Conv>> hintConvs, zeroConvs;
    std::shared_ptr<Conv> middleOut;
};

// The KL autoencoder (first_stage_model: encoder, quant_conv, post_quant_conv, decoder).
// Images in [-1, 1]; latents unscaled (multiply by VaeConfig::scale for the UNet).
struct Vae : torch::nn::Module {
    explicit Vae(const VaeConfig& c);
    Tensor encode(const Tensor& image);  // the posterior's mean [B, 4, H/8, W/8]
    Tensor decode(const Tensor& latent);
    VaeConfig config;
    struct Parts;
    std::shared_ptr<Parts> parts;
};

// CLIP's text transformer (HF layout): ids [B, 77] int64 -> final_layer_norm'd states.
struct ClipText : torch::nn::Module {
    explicit ClipText(const ClipTextConfig& c);
    Tensor forward(const Tensor& ids);
    ClipTextConfig config;
    Tensor tokens, positions;
    std::vector<std::shared_ptr<torch::nn::Module>> layers;
    std::shared_ptr<LayerNorm> finalNorm;
};

}  // namespace restyle::diffusion::nn
