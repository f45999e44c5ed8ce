// The KL autoencoder of SD 1.x (ldm autoencoder.py: Encoder, Decoder, quant convs).
#include "diffusion/detail/Networks.h"

namespace restyle::diffusion::nn {

namespace {

constexpr double kEps = 1e-6;

// ldm's ResnetBlock without a timestep input: norm1, conv1, norm2, conv2, nin_shortcut.
struct VaeResBlock : torch::nn::Module {
    VaeResBlock(int64_t in, int64_t out, int64_t groups) {
        norm1 = register_module("norm1", std::make_shared<GroupNorm>(groups, in, kEps));
        conv1 = register_module("conv1", std::make_shared<Conv>(in, out, 3));
        norm2 = register_module("norm2", std::make_shared<GroupNorm>(groups, out, kEps));
        conv2 = register_module("conv2", std::make_shared<Conv>(out, out, 3));
        if (in != out) skip = register_module("nin_shortcut", std::make_shared<Conv>(in, out, 1));
    }
    Tensor forward(const Tensor& x) const {
        Tensor h = conv1->forward(torch::silu(norm1->forward(x)));
        h = conv2->forward(torch::silu(norm2->forward(h)));
        return (skip ? skip->forward(x) : x) + h;
    }
    std::shared_ptr<GroupNorm> norm1, norm2;
    std::shared_ptr<Conv> conv1, conv2, skip;
};

// Single-head self-attention over the pixels, with 1x1 conv projections.
struct VaeAttention : torch::nn::Module {
    VaeAttention(int64_t ch, int64_t groups) {
        norm = register_module("norm", std::make_shared<GroupNorm>(groups, ch, kEps));
        q = register_module("q", std::make_shared<Conv>(ch, ch, 1));
        k = register_module("k", std::make_shared<Conv>(ch, ch, 1));
        v = register_module("v", std::make_shared<Conv>(ch, ch, 1));
        proj = register_module("proj_out", std::make_shared<Conv>(ch, ch, 1));
    }
    Tensor forward(const Tensor& x) const {
        const Tensor h = norm->forward(x);
        auto tokens = [](const Tensor& t) { return t.flatten(2).transpose(1, 2); };
        const Tensor a =
            attend(tokens(q->forward(h)), tokens(k->forward(h)), tokens(v->forward(h)), 1);
        return x + proj->forward(a.transpose(1, 2).reshape(x.sizes()));
    }
    std::shared_ptr<GroupNorm> norm;
    std::shared_ptr<Conv> q, k, v, proj;
};

struct Mid : torch::nn::Module {
    Mid(int64_t ch, int64_t groups) {
        block1 = register_module("block_1", std::make_shared<VaeResBlock>(ch, ch, groups));
        attn = register_module("attn_1", std::make_shared<VaeAttention>(ch, groups));
        block2 = register_module("block_2", std::make_shared<VaeResBlock>(ch, ch, groups));
    }
    Tensor forward(const Tensor& x) const {
        return block2->forward(attn->forward(block1->forward(x)));
    }
    std::shared_ptr<VaeResBlock> block1, block2;
    std::shared_ptr<VaeAttention> attn;
};

// One level: its res blocks, then a resampling conv (or none).
struct Level : torch::nn::Module {
    std::vector<std::shared_ptr<VaeResBlock>> blocks;
    std::shared_ptr<Conv> resample;
};

}  // namespace

struct Vae::Parts {
    std::shared_ptr<Conv> encIn, encOut, quant, postQuant, decIn, decOut;
    std::shared_ptr<Mid> encMid, decMid;
    std::shared_ptr<GroupNorm> encNorm, decNorm;
    std::vector<std::shared_ptr<Level>> down, up;  // up in decoding order
};

Vae::Vae(const VaeConfig& c) : config(c), parts(std::make_shared<Parts>()) {
    Parts& p = *parts;
    const int64_t g = c.groups, levels = int64_t(c.channelMult.size());
    auto width = [&](int64_t level) { return c.channels * c.channelMult[size_t(level)]; };
    auto enc = register_module("encoder", std::make_shared<torch::nn::Module>());
    p.encIn = enc->register_module("conv_in", std::make_shared<Conv>(3, c.channels, 3));
    auto down = enc->register_module("down", std::make_shared<List>());
    int64_t ch = c.channels;
    for (int64_t l = 0; l < levels; ++l) {
        auto level = down->add(std::make_shared<Level>());
        auto blocks = level->register_module("block", std::make_shared<List>());
        for (int r = 0; r < c.resBlocks; ++r) {
            level->blocks.push_back(blocks->add(std::make_shared<VaeResBlock>(ch, width(l), g)));
            ch = width(l);
        }
        if (l + 1 < levels) {
            auto ds = level->register_module("downsample", std::make_shared<torch::nn::Module>());
            level->resample = ds->register_module("conv", std::make_shared<Conv>(ch, ch, 3, 2, 0));
        }
        p.down.push_back(level);
    }
    p.encMid = enc->register_module("mid", std::make_shared<Mid>(ch, g));
    p.encNorm = enc->register_module("norm_out", std::make_shared<GroupNorm>(g, ch, kEps));
    const int64_t z = c.latentChannels;
    p.encOut = enc->register_module("conv_out", std::make_shared<Conv>(ch, 2 * z, 3));
    p.quant = register_module("quant_conv", std::make_shared<Conv>(2 * z, 2 * z, 1));
    p.postQuant = register_module("post_quant_conv", std::make_shared<Conv>(z, z, 1));

    auto dec = register_module("decoder", std::make_shared<torch::nn::Module>());
    ch = width(levels - 1);
    p.decIn = dec->register_module("conv_in", std::make_shared<Conv>(z, ch, 3));
    p.decMid = dec->register_module("mid", std::make_shared<Mid>(ch, g));
    auto up = dec->register_module("up", std::make_shared<List>());
    std::vector<std::shared_ptr<Level>> byIndex(static_cast<size_t>(levels));
    for (int64_t l = levels - 1; l >= 0; --l) {
        auto level = std::make_shared<Level>();
        auto blocks = level->register_module("block", std::make_shared<List>());
        for (int r = 0; r <= c.resBlocks; ++r) {
            level->blocks.push_back(blocks->add(std::make_shared<VaeResBlock>(ch, width(l), g)));
            ch = width(l);
        }
        if (l > 0) {
            auto us = level->register_module("upsample", std::make_shared<torch::nn::Module>());
            level->resample = us->register_module("conv", std::make_shared<Conv>(ch, ch, 3));
        }
        byIndex[size_t(l)] = level;
        p.up.push_back(level);
    }
    for (const auto& level : byIndex)
        up->add(level);
    p.decNorm = dec->register_module("norm_out", std::make_shared<GroupNorm>(g, ch, kEps));
    p.decOut = dec->register_module("conv_out", std::make_shared<Conv>(ch, 3, 3));
}

Tensor Vae::encode(const Tensor& image) {
    const Parts& p = *parts;
    Tensor h = p.encIn->forward(image.to(p.encIn->weight.dtype()));
    for (const auto& level : p.down) {
        for (const auto& b : level->blocks)
            h = b->forward(h);
        if (level->resample)  // ldm pads right and bottom by one, then a stride-2 conv
            h = level->resample->forward(torch::constant_pad_nd(h, {0, 1, 0, 1}, 0));
    }
    h = p.encOut->forward(torch::silu(p.encNorm->forward(p.encMid->forward(h))));
    return p.quant->forward(h).narrow(1, 0, config.latentChannels);
}

Tensor Vae::decode(const Tensor& latent) {
    const Parts& p = *parts;
    Tensor h = p.decIn->forward(p.postQuant->forward(latent.to(p.decIn->weight.dtype())));
    h = p.decMid->forward(h);
    for (const auto& level : p.up) {
        for (const auto& b : level->blocks)
            h = b->forward(h);
        if (level->resample)
            h = level->resample->forward(
                torch::upsample_nearest2d(h, std::vector<int64_t>{h.size(2) * 2, h.size(3) * 2}));
    }
    return p.decOut->forward(torch::silu(p.decNorm->forward(h)));
}

}  // namespace restyle::diffusion::nn
