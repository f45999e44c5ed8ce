// The SD 1.x UNet and ControlNet (CompVis ldm openaimodel.py / cldm.py layouts).
#include <torch/torch.h>

#include "diffusion/detail/Blocks.h"
#include "diffusion/detail/Networks.h"

namespace restyle::diffusion::nn {

namespace {

// What the blocks need beyond their input: the timestep embedding, the text context and, for
// cross-frame attention, how many consecutive batch entries form one clip (0: frames attend
// to themselves).
struct Conditioning {
    Tensor emb, context;
    int64_t frames = 0;
};

// A block of a TimestepEmbedSequential: runs on (x, conditioning). Blocks are built on the
// module their weights go under.
struct Block {
    virtual ~Block() = default;
    virtual Tensor run(const Tensor& x, const Conditioning& c) = 0;
};

// ldm's CrossAttention: to_q, to_k, to_v (no bias), to_out.0.
struct Attention {
    Attention() = default;
    Attention(torch::nn::Module& m, int64_t channels, int64_t contextDim, int64_t h) : heads(h) {
        q = Linear(m, "to_q", channels, channels, false);
        k = Linear(m, "to_k", contextDim, channels, false);
        v = Linear(m, "to_v", contextDim, channels, false);
        out = Linear(m, "to_out.0", channels, channels);
    }
    // Self-attention when `context` is undefined (cross-frame when frames > 0).
    Tensor forward(const Tensor& x, const Tensor& context, int64_t frames) const {
        const Tensor& src = context.defined() ? context : x;
        Tensor keys = k(src), values = v(src);
        if (!context.defined() && frames > 1) {
            keys = crossFrame(keys, frames);
            values = crossFrame(values, frames);
        }
        return out(attend(q(x), keys, values, heads));
    }
    Linear q, k, v, out;
    int64_t heads = 0;
};

// ldm ResBlock: in_layers (GroupNorm, SiLU, conv), emb_layers (SiLU, Linear), out_layers
// (GroupNorm, SiLU, dropout, conv), skip_connection (1x1 conv when the width changes).
struct ResBlock : Block {
    ResBlock(torch::nn::Module& m, int64_t in, int64_t out, int64_t embDim, int64_t groups) {
        norm1 = GroupNorm(m, "in_layers.0", groups, in, 1e-5);
        conv1 = Conv(m, "in_layers.2", in, out, 3);
        embProj = Linear(m, "emb_layers.1", embDim, out);
        norm2 = GroupNorm(m, "out_layers.0", groups, out, 1e-5);
        conv2 = Conv(m, "out_layers.3", out, out, 3);
        if (in != out) skip = Conv(m, "skip_connection", in, out, 1);
    }
    Tensor run(const Tensor& x, const Conditioning& c) override {
        Tensor h = conv1(torch::silu(norm1(x)));
        h = h + embProj(torch::silu(c.emb)).unsqueeze(-1).unsqueeze(-1);
        h = conv2(torch::silu(norm2(h)));
        return (skip ? skip(x) : x) + h;
    }
    GroupNorm norm1, norm2;
    Conv conv1, conv2, skip;
    Linear embProj;
};

// ldm SpatialTransformer with one BasicTransformerBlock (attn1 self, attn2 cross, GEGLU ff)
// and 1x1 conv proj_in / proj_out (SD 1.x).
struct SpatialTransformer : Block {
    SpatialTransformer(torch::nn::Module& m, int64_t ch, int64_t heads, int64_t contextDim,
                       int64_t groups) {
        // In the checkpoint's order (the order of named_parameters()).
        norm = GroupNorm(m, "norm", groups, ch, 1e-6);
        projIn = Conv(m, "proj_in", ch, ch, 1);
        torch::nn::Module& block = submodule(m, "transformer_blocks.0");
        attn1 = Attention(submodule(block, "attn1"), ch, ch, heads);
        ffIn = Linear(block, "ff.net.0.proj", ch, ch * 8);
        ffOut = Linear(block, "ff.net.2", ch * 4, ch);
        attn2 = Attention(submodule(block, "attn2"), ch, contextDim, heads);
        norm1 = LayerNorm(block, "norm1", ch);
        norm2 = LayerNorm(block, "norm2", ch);
        norm3 = LayerNorm(block, "norm3", ch);
        projOut = Conv(m, "proj_out", ch, ch, 1);
    }
    Tensor run(const Tensor& x, const Conditioning& c) override {
        const int64_t b = x.size(0), ch = x.size(1), h = x.size(2), w = x.size(3);
        Tensor t = projIn(norm(x)).flatten(2).transpose(1, 2);  // [B, HW, C]
        t = t + attn1.forward(norm1(t), Tensor(), c.frames);
        t = t + attn2.forward(norm2(t), c.context, 0);
        const auto gated = ffIn(norm3(t)).chunk(2, -1);  // GEGLU
        t = t + ffOut(gated[0] * torch::gelu(gated[1]));
        t = t.transpose(1, 2).reshape({b, ch, h, w});
        return x + projOut(t);
    }
    GroupNorm norm;
    Conv projIn, projOut;
    LayerNorm norm1, norm2, norm3;
    Attention attn1, attn2;
    Linear ffIn, ffOut;
};

// A 3x3 conv blind to the conditioning: input_blocks.0.0 (its weights directly on the block,
// path "") and Downsample (path "op", stride 2).
struct ConvBlock : Block {
    ConvBlock(torch::nn::Module& m, const std::string& path, int64_t in, int64_t out,
              int64_t stride)
        : conv(m, path, in, out, 3, stride, 1) {}
    Tensor run(const Tensor& x, const Conditioning&) override { return conv(x); }
    Conv conv;
};

// Nearest 2x then a 3x3 conv. The output size is taken from `target` when set (the skip
// connection's size), so latents of any size work, not only multiples of 8.
struct Upsample : Block {
    Upsample(torch::nn::Module& m, int64_t ch) : conv(m, "conv", ch, ch, 3) {}
    Tensor run(const Tensor& x, const Conditioning&) override {
        std::vector<int64_t> size = target;
        if (size.empty()) size = {x.size(2) * 2, x.size(3) * 2};
        return conv(torch::upsample_nearest2d(x, size));
    }
    Conv conv;
    std::vector<int64_t> target;
};

// TimestepEmbedSequential: blocks named "0", "1", ... under its module.
struct Sequence {
    Sequence() = default;
    explicit Sequence(torch::nn::Module& m) : module(&m) {}
    // A block built on the sequence's next child module.
    template <class B, class... Args>
    B& add(Args&&... args) {
        auto& m = submodule(*module, std::to_string(blocks.size()));
        blocks.push_back(std::make_unique<B>(m, std::forward<Args>(args)...));
        return static_cast<B&>(*blocks.back());
    }
    Tensor run(Tensor x, const Conditioning& c) const {
        for (const auto& b : blocks)
            x = b->run(x, c);
        return x;
    }
    torch::nn::Module* module = nullptr;
    std::vector<std::unique_ptr<Block>> blocks;
};

// time_embed, input_blocks and middle_block: shared by the UNet and its ControlNet.
struct UNetEncoder : torch::nn::Module {
    explicit UNetEncoder(const UNetConfig& c) : config(c) {
        const int64_t mc = c.modelChannels, emb = c.timeEmbedDim();
        time1 = Linear(*this, "time_embed.0", mc, emb);
        time2 = Linear(*this, "time_embed.2", emb, emb);
        auto next = [&]() -> Sequence& {
            input.emplace_back(submodule(*this, "input_blocks." + std::to_string(input.size())));
            return input.back();
        };
        next().add<ConvBlock>("", c.inChannels, mc, 1);
        skipChannels.push_back(mc);
        int64_t ch = mc;
        const int levels = int(c.channelMult.size());
        for (int level = 0; level < levels; ++level) {
            for (int r = 0; r < c.resBlocks; ++r) {
                Sequence& seq = next();
                const int64_t out = mc * c.channelMult[size_t(level)];
                seq.add<ResBlock>(ch, out, emb, c.groups);
                ch = out;
                if (c.attentionAt(level))
                    seq.add<SpatialTransformer>(ch, c.heads, c.contextDim, c.groups);
                skipChannels.push_back(ch);
            }
            if (level + 1 < levels) {
                next().add<ConvBlock>("op", ch, ch, 2);
                skipChannels.push_back(ch);
            }
        }
        middle = Sequence(submodule(*this, "middle_block"));
        middle.add<ResBlock>(ch, ch, emb, c.groups);
        middle.add<SpatialTransformer>(ch, c.heads, c.contextDim, c.groups);
        middle.add<ResBlock>(ch, ch, emb, c.groups);
    }
    Tensor embed(const Tensor& timesteps) const {
        const auto features = timestepEmbedding(timesteps, config.modelChannels);
        return time2(torch::silu(time1(features.to(time1.weight().dtype()))));
    }
    UNetConfig config;
    Linear time1, time2;
    std::vector<Sequence> input;
    Sequence middle;
    std::vector<int64_t> skipChannels;  // the width after each input block
};

}  // namespace

struct UNet : UNetEncoder {
    explicit UNet(const UNetConfig& c) : UNetEncoder(c) {
        const int64_t mc = c.modelChannels, emb = c.timeEmbedDim();
        std::vector<int64_t> skips = skipChannels;
        int64_t ch = mc * c.channelMult.back();
        for (int level = int(c.channelMult.size()) - 1; level >= 0; --level) {
            for (int r = 0; r <= c.resBlocks; ++r) {
                output.emplace_back(
                    submodule(*this, "output_blocks." + std::to_string(output.size())));
                Sequence& seq = output.back();
                const int64_t out = mc * c.channelMult[size_t(level)];
                seq.add<ResBlock>(ch + skips.back(), out, emb, c.groups);
                skips.pop_back();
                ch = out;
                if (c.attentionAt(level))
                    seq.add<SpatialTransformer>(ch, c.heads, c.contextDim, c.groups);
                const bool up = level > 0 && r == c.resBlocks;
                upsamples.push_back(up ? &seq.add<Upsample>(ch) : nullptr);
            }
        }
        outNorm = GroupNorm(*this, "out.0", c.groups, mc, 1e-5);
        outConv = Conv(*this, "out.2", mc, c.outChannels, 3);
    }

    Tensor forward(const Tensor& x, const Tensor& timesteps, const Tensor& context,
                   const std::vector<Tensor>& control, int64_t frames) {
        if (!control.empty() && control.size() != input.size() + 1)
            throw std::invalid_argument("UNet: " + std::to_string(input.size() + 1) +
                                        " control residuals expected, got " +
                                        std::to_string(control.size()));
        Conditioning c{embed(timesteps), context, frames};
        std::vector<Tensor> skips;
        Tensor h = x.to(time1.weight().dtype());
        for (const auto& block : input) {
            h = block.run(h, c);
            skips.push_back(h);
        }
        h = middle.run(h, c);
        size_t residual = control.size();
        if (!control.empty()) h = h + control[--residual];
        for (size_t i = 0; i < output.size(); ++i) {
            Tensor skip = skips.back();
            skips.pop_back();
            if (!control.empty()) skip = skip + control[--residual];
            if (upsamples[i]) {
                const Tensor& next = skips.back();  // the size the next level works at
                upsamples[i]->target = {next.size(2), next.size(3)};
            }
            h = output[i].run(torch::cat({h, skip}, 1), c);
        }
        return outConv(torch::silu(outNorm(h)));
    }

    std::vector<Sequence> output;
    std::vector<Upsample*> upsamples;  // per output block, or null
    GroupNorm outNorm;
    Conv outConv;
};

struct ControlNet : UNetEncoder {
    explicit ControlNet(const UNetConfig& c) : UNetEncoder(c) {
        const int64_t widths[] = {16, 16, 32, 32, 96, 96, 256};
        int64_t in = c.hintChannels;
        for (int i = 0; i < 7; ++i) {
            const int64_t stride = (i == 2 || i == 4 || i == 6) ? 2 : 1;
            const std::string path = "input_hint_block." + std::to_string(2 * i);
            hintConvs.emplace_back(*this, path, in, widths[i], 3, stride, 1);
            in = widths[i];
        }
        hintConvs.emplace_back(*this, "input_hint_block.14", in, c.modelChannels, 3);
        for (size_t i = 0; i < skipChannels.size(); ++i) {
            const int64_t ch = skipChannels[i];
            zeroConvs.emplace_back(*this, "zero_convs." + std::to_string(i) + ".0", ch, ch, 1);
        }
        const int64_t ch = skipChannels.back();
        middleOut = Conv(*this, "middle_block_out.0", ch, ch, 1);
    }

    std::vector<Tensor> forward(const Tensor& x, const Tensor& hint, const Tensor& timesteps,
                                const Tensor& context, int64_t frames) {
        Conditioning c{embed(timesteps), context, frames};
        Tensor g = hint.to(time1.weight().dtype());
        for (size_t i = 0; i < hintConvs.size(); ++i) {
            g = hintConvs[i](g);
            if (i + 1 < hintConvs.size()) g = torch::silu(g);
        }
        std::vector<Tensor> residuals;
        Tensor h = x.to(time1.weight().dtype());
        for (size_t i = 0; i < input.size(); ++i) {
            h = input[i].run(h, c);
            if (i == 0) {
                // The hint is 8x smaller than the image; latents padded to other multiples
                // differ by a pixel at most.
                if (g.sizes() != h.sizes())
                    g = torch::upsample_nearest2d(g, {h.size(2), h.size(3)});
                h = h + g;
            }
            residuals.push_back(zeroConvs[i](h));
        }
        h = middle.run(h, c);
        residuals.push_back(middleOut(h));
        return residuals;
    }

    std::vector<Conv> hintConvs, zeroConvs;
    Conv middleOut;
};

std::shared_ptr<UNet> makeUNet(const UNetConfig& c) {
    return std::make_shared<UNet>(c);
}

std::shared_ptr<ControlNet> makeControlNet(const UNetConfig& c) {
    return std::make_shared<ControlNet>(c);
}

torch::nn::Module& module(UNet& net) {
    return net;
}

torch::nn::Module& module(ControlNet& net) {
    return net;
}

Tensor forward(UNet& net, const Tensor& x, const Tensor& timesteps, const Tensor& context,
               const std::vector<Tensor>& control, int64_t frames) {
    return net.forward(x, timesteps, context, control, frames);
}

std::vector<Tensor> forward(ControlNet& net, const Tensor& x, const Tensor& hint,
                            const Tensor& timesteps, const Tensor& context, int64_t frames) {
    return net.forward(x, hint, timesteps, context, frames);
}

}  // namespace restyle::diffusion::nn
