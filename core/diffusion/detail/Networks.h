#pragma once
// Internal to restyle_core: the Stable Diffusion 1.x networks, built with placeholder weights
// that nn::loadParameters fills. Each is a torch::nn::Module whose parameter names are the
// original checkpoint's; LibTorch stays in the .cpp files (see detail/Blocks.h), so here the
// networks are opaque, reached through these functions.
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "diffusion/NetworkConfig.h"

namespace at {
class Tensor;
}
namespace c10 {
struct TensorOptions;
}
namespace torch::nn {
class Module;
}

namespace restyle::diffusion::nn {

using at::Tensor;

struct UNet;        // UNet.cpp
struct ControlNet;  // UNet.cpp (it shares the UNet's encoder half)
struct Vae;         // Vae.cpp
struct ClipText;    // ClipText.cpp

std::shared_ptr<UNet> makeUNet(const UNetConfig& c);
// ControlNet 1.0/1.1: input_hint_block (8 convs, 8x down), zero_convs, middle_block_out.
std::shared_ptr<ControlNet> makeControlNet(const UNetConfig& c);
// The KL autoencoder (first_stage_model: encoder, quant_conv, post_quant_conv, decoder).
std::shared_ptr<Vae> makeVae(const VaeConfig& c);
// CLIP's text transformer (HF layout).
std::shared_ptr<ClipText> makeClipText(const ClipTextConfig& c);

// The module whose named_parameters() are the network's checkpoint tensors (less the prefix).
torch::nn::Module& module(UNet& net);
torch::nn::Module& module(ControlNet& net);
torch::nn::Module& module(Vae& net);
torch::nn::Module& module(ClipText& net);

// x [B, in, h, w], timesteps [B], context [B, 77, D]; `control`: 13 ControlNet residuals
// (input blocks then middle) or none. frames > 1: cross-frame self-attention over clips of
// that many consecutive batch entries.
Tensor forward(UNet& net, const Tensor& x, const Tensor& timesteps, const Tensor& context,
               const std::vector<Tensor>& control, int64_t frames);
// hint [B, 3, 8h, 8w] in [0, 1]; returns the 13 residuals, unscaled.
std::vector<Tensor> forward(ControlNet& net, const Tensor& x, const Tensor& hint,
                            const Tensor& timesteps, const Tensor& context, int64_t frames);
// Images in [-1, 1]; latents unscaled (multiply by VaeConfig::scale for the UNet).
Tensor encode(Vae& net, const Tensor& image);  // the posterior's mean [B, 4, H/8, W/8]
Tensor decode(Vae& net, const Tensor& latent);
// ids [B, 77] int64 -> final_layer_norm'd states.
Tensor forward(ClipText& net, const Tensor& ids);

// Replaces every placeholder parameter of `module` by the tensor `fetch` returns for its full
// name (prefix + parameter name), converted to `options`. In Blocks.cpp.
void loadParameters(torch::nn::Module& module, const std::string& prefix,
                    const std::function<Tensor(const std::string& name)>& fetch,
                    const c10::TensorOptions& options);

}  // namespace restyle::diffusion::nn
