// The SD 1.x UNet and ControlNet (CompVis ldm openaimodel.py / cldm.py layouts).
#include "diffusion/detail/Networks.h"

namespace restyle::diffusion::nn {

UNetEncoder::UNetEncoder(const UNetConfig& c) : config(c) {
    const int64_t mc = c.modelChannels, emb = c.timeEmbedDim();
    auto time = register_module("time_embed", std::make_shared<List>());
    time1 = time->addAt(0, std::make_shared<Linear>(mc, emb));
    time2 = time->addAt(2, std::make_shared<Linear>(emb, emb));
    auto blocks = register_module("input_blocks", std::make_shared<List>());
    auto first = std::make_shared<Sequence>();
    first->add(std::make_shared<ConvLayer>(c.inChannels, mc));
    input.push_back(blocks->add(first));
    skipChannels.push_back(mc);
    int64_t ch = mc;
    const int levels = int(c.channelMult.size());
    for (int level = 0; level < levels; ++level) {
        for (int r = 0; r < c.resBlocks; ++r) {
            auto seq = std::make_shared<Sequence>();
            const int64_t out = mc * c.channelMult[size_t(level)];
            seq->add(std::make_shared<ResBlock>(ch, out, emb, c.groups));
            ch = out;
            if (c.attentionAt(level))
                seq->add(std::make_shared<SpatialTransformer>(ch, c.heads, c.contextDim, c.groups));
            input.push_back(blocks->add(seq));
            skipChannels.push_back(ch);
        }
        if (level + 1 < levels) {
            auto seq = std::make_shared<Sequence>();
            seq->add(std::make_shared<Downsample>(ch));
            input.push_back(blocks->add(seq));
            skipChannels.push_back(ch);
        }
    }
    middle = register_module("middle_block", std::make_shared<Sequence>());
    middle->add(std::make_shared<ResBlock>(ch, ch, emb, c.groups));
    middle->add(std::make_shared<SpatialTransformer>(ch, c.heads, c.contextDim, c.groups));
    middle->add(std::make_shared<ResBlock>(ch, ch, emb, c.groups));
}

Tensor UNetEncoder::embed(const Tensor& timesteps) const {
    const auto features = timestepEmbedding(timesteps, config.modelChannels);
    return time2->forward(torch::silu(time1->forward(features.to(time1->weight.dtype()))));
}

UNet::UNet(const UNetConfig& c) : UNetEncoder(c) {
    const int64_t mc = c.modelChannels, emb = c.timeEmbedDim();
    auto blocks = register_module("output_blocks", std::make_shared<List>());
    std::vector<int64_t> skips = skipChannels;
    int64_t ch = mc * c.channelMult.back();
    for (int level = int(c.channelMult.size()) - 1; level >= 0; --level) {
        for (int r = 0; r <= c.resBlocks; ++r) {
            auto seq = std::make_shared<Sequence>();
            const int64_t out = mc * c.channelMult[size_t(level)];
            seq->add(std::make_shared<ResBlock>(ch + skips.back(), out, emb, c.groups));
            skips.pop_back();
            ch = out;
            if (c.attentionAt(level))
                seq->add(std::make_shared<SpatialTransformer>(ch, c.heads, c.contextDim, c.groups));
            std::shared_ptr<Upsample> up;
            if (level > 0 && r == c.resBlocks) {
                up = std::make_shared<Upsample>(ch);
                seq->add(up);
            }
            output.push_back(blocks->add(seq));
            upsamples.push_back(up);
        }
    }
    auto out = register_module("out", std::make_shared<List>());
    outNorm = out->addAt(0, std::make_shared<GroupNorm>(c.groups, mc, 1e-5));
    outConv = out->addAt(2, std::make_shared<Conv>(mc, c.outChannels, 3));
}

Tensor UNet::forward(const Tensor& x, const Tensor& timesteps, const Tensor& context,
                     const std::vector<Tensor>& control, int64_t frames) {
    if (!control.empty() && control.size() != input.size() + 1)
        throw std::invalid_argument("UNet: " + std::to_string(input.size() + 1) +
                                    " control residuals expected, got " +
                                    std::to_string(control.size()));
    Conditioning c{embed(timesteps), context, frames};
    std::vector<Tensor> skips;
    Tensor h = x.to(time1->weight.dtype());
    for (const auto& block : input) {
        h = block->run(h, c);
        skips.push_back(h);
    }
    h = middle->run(h, c);
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
        h = output[i]->run(torch::cat({h, skip}, 1), c);
    }
    return outConv->forward(torch::silu(outNorm->forward(h)));
}

ControlNet::ControlNet(const UNetConfig& c) : UNetEncoder(c) {
    const int64_t widths[] = {16, 16, 32, 32, 96, 96, 256};
    auto hint = register_module("input_hint_block", std::make_shared<List>());
    int64_t in = c.hintChannels;
    for (int i = 0; i < 7; ++i) {
        const int64_t stride = (i == 2 || i == 4 || i == 6) ? 2 : 1;
        hintConvs.push_back(
            hint->addAt(2 * i, std::make_shared<Conv>(in, widths[i], 3, stride, 1)));
        in = widths[i];
    }
    hintConvs.push_back(hint->addAt(14, std::make_shared<Conv>(in, c.modelChannels, 3)));
    auto zeros = register_module("zero_convs", std::make_shared<List>());
    for (int64_t ch : skipChannels) {
        auto holder = std::make_shared<List>();
        zeroConvs.push_back(holder->addAt(0, std::make_shared<Conv>(ch, ch, 1)));
        zeros->add(holder);
    }
    auto mid = register_module("middle_block_out", std::make_shared<List>());
    const int64_t ch = skipChannels.back();
    middleOut = mid->addAt(0, std::make_shared<Conv>(ch, ch, 1));
}

std::vector<Tensor> ControlNet::forward(const Tensor& x, const Tensor& hint,
                                        const Tensor& timesteps, const Tensor& context,
                                        int64_t frames) {
    Conditioning c{embed(timesteps), context, frames};
    Tensor g = hint.to(time1->weight.dtype());
    for (size_t i = 0; i < hintConvs.size(); ++i) {
        g = hintConvs[i]->forward(g);
        if (i + 1 < hintConvs.size()) g = torch::silu(g);
    }
    std::vector<Tensor> residuals;
    Tensor h = x.to(time1->weight.dtype());
    for (size_t i = 0; i < input.size(); ++i) {
        h = input[i]->run(h, c);
        if (i == 0) {
            // The hint is 8x smaller than the image; latents padded to other multiples
            // differ by a pixel at most.
            if (g.sizes() != h.sizes()) g = torch::upsample_nearest2d(g, {h.size(2), h.size(3)});
            h = h + g;
        }
        residuals.push_back(zeroConvs[i]->forward(h));
    }
    h = middle->run(h, c);
    residuals.push_back(middleOut->forward(h));
    return residuals;
}

}  // namespace restyle::diffusion::nn
