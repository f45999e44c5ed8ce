#pragma once
// The shapes of Stable Diffusion 1.x's networks, as data: the same code builds the real
// models and the tiny ones the tests run. Depths follow SD 1.x (CompVis ldm); widths are read
// from a checkpoint's tensors, so a narrower model of the same layout loads too.
#include <string>
#include <vector>

namespace restyle::diffusion {

// The ldm UNetModel (and, with a hint block, its ControlNet copy of the encoder half).
struct UNetConfig {
    int inChannels = 4;  // 8 for InstructPix2Pix (the image's latent is concatenated)
    int outChannels = 4;
    int modelChannels = 320;
    std::vector<int> channelMult{1, 2, 4, 4};
    int resBlocks = 2;
    std::vector<int> attentionLevels{0, 1, 2};  // SpatialTransformer after these levels' blocks
    int heads = 8;
    int contextDim = 768;
    int groups = 32;
    int hintChannels = 3;  // ControlNet: the control image's channels
    int timeEmbedDim() const { return modelChannels * 4; }
    bool attentionAt(int level) const;
};

// The KL autoencoder (first_stage_model): 8x downscale with four levels.
struct VaeConfig {
    int channels = 128;
    std::vector<int> channelMult{1, 2, 4, 4};
    int resBlocks = 2;
    int latentChannels = 4;
    int groups = 32;
    double scale = 0.18215;
    int downscale() const { return 1 << (int(channelMult.size()) - 1); }
};

// CLIP ViT-L/14's text transformer (cond_stage_model.transformer.text_model).
struct ClipTextConfig {
    int vocab = 49408;
    int width = 768;
    int layers = 12;
    int heads = 12;  // width / 64
    int positions = 77;
    int mlp() const { return width * 4; }
};

struct SdConfig {
    UNetConfig unet;
    VaeConfig vae;
    ClipTextConfig text;
    static SdConfig sd15();
    // Narrow widths, SD 1.x depths: a few MB of weights, for tests.
    static SdConfig tiny();
};

// Tensor name prefixes of single-file checkpoints (the original CompVis layout).
inline const std::string kUNetPrefix = "model.diffusion_model.";
inline const std::string kVaePrefix = "first_stage_model.";
inline const std::string kTextPrefix = "cond_stage_model.transformer.text_model.";
inline const std::string kControlPrefix = "control_model.";

}  // namespace restyle::diffusion
