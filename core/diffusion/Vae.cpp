// The KL autoencoder of SD 1.x (ldm autoencoder.py: Encoder, Decoder, quant convs).
#include <torch/torch.h>

#include <optional>

#include "diffusion/detail/Blocks.h"
#include "diffusion/detail/Networks.h"

namespace restyle::diffusion::nn {

namespace {

constexpr double kEps = 1e-6;

// The blocks are built on the module their weights go under.

// ldm's ResnetBlock without a timestep input: norm1, conv1, norm2, conv2, nin_shortcut.
struct VaeResBlock {
    VaeResBlock(torch::nn::Module& m, int64_t in, int64_t out, int64_t groups) {
        norm1 = GroupNorm(m, "norm1", groups, in, kEps);
        conv1 = Conv(m, "conv1", in, out, 3);
        norm2 = GroupNorm(m, "norm2", groups, out, kEps);
        conv2 = Conv(m, "conv2", out, out, 3);
        if (in != out) skip = Conv(m, "nin_shortcut", in, out, 1);
    }
    Tensor forward(const Tensor& x) const {
        Tensor h = conv1(torch::silu(norm1(x)));
        h = conv2(torch::silu(norm2(h)));
        return (skip ? skip(x) : x) + h;
    }
    GroupNorm norm1, norm2;
    Conv conv1, conv2, skip;
};

// Single-head self-attention over the pixels, with 1x1 conv projections.
struct VaeAttention {
    VaeAttention(torch::nn::Module& m, int64_t ch, int64_t groups) {
        norm = GroupNorm(m, "norm", groups, ch, kEps);
        q = Conv(m, "q", ch, ch, 1);
        k = Conv(m, "k", ch, ch, 1);
        v = Conv(m, "v", ch, ch, 1);
        proj = Conv(m, "proj_out", ch, ch, 1);
    }
    Tensor forward(const Tensor& x) const {
        const Tensor h = norm(x);
        auto tokens = [](const Tensor& t) { return t.flatten(2).transpose(1, 2); };
        const Tensor a = attend(tokens(q(h)), tokens(k(h)), tokens(v(h)), 1);
        return x + proj(a.transpose(1, 2).reshape(x.sizes()));
    }
    GroupNorm norm;
    Conv q, k, v, proj;
};

struct Mid {
    Mid(torch::nn::Module& m, int64_t ch, int64_t groups)
        : block1(submodule(m, "block_1"), ch, ch, groups),
          attn(submodule(m, "attn_1"), ch, groups),
          block2(submodule(m, "block_2"), ch, ch, groups) {}
    Tensor forward(const Tensor& x) const {
        return block2.forward(attn.forward(block1.forward(x)));
    }
    // Declared in the checkpoint's order: members are built in this order.
    VaeResBlock block1;
    VaeAttention attn;
    VaeResBlock block2;
};

// One level: its res blocks, then a resampling conv (or none).
struct Level {
    std::vector<VaeResBlock> blocks;
    Conv resample;
};

}  // namespace

struct Vae : torch::nn::Module {
    explicit Vae(const VaeConfig& c) : config(c) {
        const int64_t g = c.groups, levels = int64_t(c.channelMult.size());
        auto width = [&](int64_t level) { return c.channels * c.channelMult[size_t(level)]; };
        auto& enc = submodule(*this, "encoder");
        encIn = Conv(enc, "conv_in", 3, c.channels, 3);
        int64_t ch = c.channels;
        for (int64_t l = 0; l < levels; ++l) {
            auto& level = submodule(enc, "down." + std::to_string(l));
            Level& parts = down.emplace_back();
            for (int r = 0; r < c.resBlocks; ++r) {
                auto& m = submodule(level, "block." + std::to_string(r));
                parts.blocks.emplace_back(m, ch, width(l), g);
                ch = width(l);
            }
            if (l + 1 < levels) parts.resample = Conv(level, "downsample.conv", ch, ch, 3, 2, 0);
        }
        encMid.emplace(submodule(enc, "mid"), ch, g);
        encNorm = GroupNorm(enc, "norm_out", g, ch, kEps);
        const int64_t z = c.latentChannels;
        encOut = Conv(enc, "conv_out", ch, 2 * z, 3);
        quant = Conv(*this, "quant_conv", 2 * z, 2 * z, 1);
        postQuant = Conv(*this, "post_quant_conv", z, z, 1);

        auto& dec = submodule(*this, "decoder");
        ch = width(levels - 1);
        decIn = Conv(dec, "conv_in", z, ch, 3);
        decMid.emplace(submodule(dec, "mid"), ch, g);
        // Built from the deepest level, but numbered (and so ordered) from the shallowest.
        for (int64_t l = 0; l < levels; ++l)
            submodule(dec, "up." + std::to_string(l));
        for (int64_t l = levels - 1; l >= 0; --l) {
            auto& level = submodule(dec, "up." + std::to_string(l));
            Level& parts = up.emplace_back();
            for (int r = 0; r <= c.resBlocks; ++r) {
                auto& m = submodule(level, "block." + std::to_string(r));
                parts.blocks.emplace_back(m, ch, width(l), g);
                ch = width(l);
            }
            if (l > 0) parts.resample = Conv(level, "upsample.conv", ch, ch, 3);
        }
        decNorm = GroupNorm(dec, "norm_out", g, ch, kEps);
        decOut = Conv(dec, "conv_out", ch, 3, 3);
    }

    Tensor encode(const Tensor& image) const {
        Tensor h = encIn(image.to(encIn.weight().dtype()));
        for (const auto& level : down) {
            for (const auto& b : level.blocks)
                h = b.forward(h);
            if (level.resample)  // ldm pads right and bottom by one, then a stride-2 conv
                h = level.resample(torch::constant_pad_nd(h, {0, 1, 0, 1}, 0));
        }
        h = encOut(torch::silu(encNorm(encMid->forward(h))));
        return quant(h).narrow(1, 0, config.latentChannels);
    }

    Tensor decode(const Tensor& latent) const {
        Tensor h = decIn(postQuant(latent.to(decIn.weight().dtype())));
        h = decMid->forward(h);
        for (const auto& level : up) {
            for (const auto& b : level.blocks)
                h = b.forward(h);
            if (level.resample)
                h = level.resample(torch::upsample_nearest2d(
                    h, std::vector<int64_t>{h.size(2) * 2, h.size(3) * 2}));
        }
        return decOut(torch::silu(decNorm(h)));
    }

    VaeConfig config;
    Conv encIn, encOut, quant, postQuant, decIn, decOut;
    std::optional<Mid> encMid, decMid;  // built in the middle of the constructor
    GroupNorm encNorm, decNorm;
    std::vector<Level> down, up;  // up in decoding order
};

std::shared_ptr<Vae> makeVae(const VaeConfig& c) {
    return std::make_shared<Vae>(c);
}

torch::nn::Module& module(Vae& net) {
    return net;
}

Tensor encode(Vae& net, const Tensor& image) {
    return net.encode(image);
}

Tensor decode(Vae& net, const Tensor& latent) {
    return net.decode(latent);
}

}  // namespace restyle::diffusion::nn
