// The SD 1.x networks at their real configuration, built without weights (placeholders of
// one element each): every tensor name and shape the loader expects, against the counts and
// sizes of the published checkpoints. And the attention kernels against plain formulas.
#include <torch/torch.h>

#include <gtest/gtest.h>

#include <map>

#include "diffusion/CheckpointLayout.h"
#include "diffusion/detail/Blocks.h"
#include "diffusion/detail/Networks.h"

using namespace restyle;
using namespace restyle::diffusion;

namespace {

std::map<std::string, std::vector<int64_t>> byName(const std::vector<CheckpointTensor>& ts) {
    std::map<std::string, std::vector<int64_t>> m;
    for (const auto& t : ts)
        m[t.name] = t.shape;
    return m;
}

int64_t elements(const std::vector<CheckpointTensor>& ts, const std::string& prefix) {
    int64_t n = 0;
    for (const auto& t : ts) {
        if (t.name.rfind(prefix, 0) != 0) continue;
        int64_t e = 1;
        for (int64_t d : t.shape)
            e *= d;
        n += e;
    }
    return n;
}

size_t count(const std::vector<CheckpointTensor>& ts, const std::string& prefix) {
    size_t n = 0;
    for (const auto& t : ts)
        n += t.name.rfind(prefix, 0) == 0;
    return n;
}

TEST(Sd15Layout, HasThe1130TensorsAndParameterCountsOfTheRealCheckpoint) {
    const auto ts = expectedTensors("sd15", SdConfig::sd15());
    EXPECT_EQ(ts.size(), 1130u);
    EXPECT_EQ(count(ts, kUNetPrefix), 686u);
    EXPECT_EQ(count(ts, kVaePrefix), 248u);
    EXPECT_EQ(count(ts, kTextPrefix), 196u);
    // Parameter counts of SD 1.5's UNet, KL VAE and CLIP ViT-L/14 text model.
    EXPECT_EQ(elements(ts, kUNetPrefix), 859520964);
    EXPECT_EQ(elements(ts, kVaePrefix), 83653863);
    EXPECT_EQ(elements(ts, kTextPrefix), 123060480);
}

TEST(Sd15Layout, NamesAndShapesFollowTheOriginalLayout) {
    const auto m = byName(expectedTensors("sd15", SdConfig::sd15()));
    using S = std::vector<int64_t>;
    const std::string u = kUNetPrefix, v = kVaePrefix, t = kTextPrefix;
    const std::vector<std::pair<std::string, S>> expected = {
        {u + "time_embed.0.weight", {1280, 320}},
        {u + "input_blocks.0.0.weight", {320, 4, 3, 3}},
        {u + "input_blocks.1.0.in_layers.2.weight", {320, 320, 3, 3}},
        {u + "input_blocks.1.0.emb_layers.1.weight", {320, 1280}},
        {u + "input_blocks.1.1.proj_in.weight", {320, 320, 1, 1}},
        {u + "input_blocks.1.1.transformer_blocks.0.attn1.to_q.weight", {320, 320}},
        {u + "input_blocks.1.1.transformer_blocks.0.attn2.to_k.weight", {320, 768}},
        {u + "input_blocks.1.1.transformer_blocks.0.attn2.to_out.0.bias", {320}},
        {u + "input_blocks.1.1.transformer_blocks.0.ff.net.0.proj.weight", {2560, 320}},
        {u + "input_blocks.1.1.transformer_blocks.0.ff.net.2.weight", {320, 1280}},
        {u + "input_blocks.1.1.transformer_blocks.0.norm3.weight", {320}},
        {u + "input_blocks.3.0.op.weight", {320, 320, 3, 3}},
        {u + "input_blocks.4.0.skip_connection.weight", {640, 320, 1, 1}},
        {u + "input_blocks.11.0.out_layers.3.weight", {1280, 1280, 3, 3}},
        {u + "middle_block.1.transformer_blocks.0.attn2.to_v.weight", {1280, 768}},
        {u + "middle_block.2.in_layers.0.weight", {1280}},
        {u + "output_blocks.0.0.in_layers.0.weight", {2560}},
        {u + "output_blocks.2.1.conv.weight", {1280, 1280, 3, 3}},
        {u + "output_blocks.5.2.conv.weight", {1280, 1280, 3, 3}},
        {u + "output_blocks.8.2.conv.weight", {640, 640, 3, 3}},
        {u + "output_blocks.11.0.skip_connection.weight", {320, 640, 1, 1}},
        {u + "out.2.weight", {4, 320, 3, 3}},
        {v + "encoder.down.1.block.0.nin_shortcut.weight", {256, 128, 1, 1}},
        {v + "encoder.down.2.downsample.conv.weight", {512, 512, 3, 3}},
        {v + "encoder.mid.attn_1.q.weight", {512, 512, 1, 1}},
        {v + "encoder.conv_out.weight", {8, 512, 3, 3}},
        {v + "quant_conv.weight", {8, 8, 1, 1}},
        {v + "post_quant_conv.weight", {4, 4, 1, 1}},
        {v + "decoder.up.3.block.2.conv2.weight", {512, 512, 3, 3}},
        {v + "decoder.up.1.block.0.nin_shortcut.weight", {256, 512, 1, 1}},
        {v + "decoder.up.3.upsample.conv.weight", {512, 512, 3, 3}},
        {v + "decoder.conv_out.weight", {3, 128, 3, 3}},
        {t + "embeddings.token_embedding.weight", {49408, 768}},
        {t + "embeddings.position_embedding.weight", {77, 768}},
        {t + "encoder.layers.11.self_attn.out_proj.weight", {768, 768}},
        {t + "encoder.layers.11.mlp.fc1.weight", {3072, 768}},
        {t + "final_layer_norm.bias", {768}},
    };
    for (const auto& [name, shape] : expected) {
        const auto it = m.find(name);
        ASSERT_NE(it, m.end()) << name;
        EXPECT_EQ(it->second, shape) << name;
    }
    EXPECT_EQ(m.count(u + "input_blocks.3.1.norm.weight"), 0u);  // no attention after downsample
    EXPECT_EQ(m.count(v + "decoder.up.0.upsample.conv.weight"), 0u);
}

TEST(ControlNetLayout, HasThe340TensorsOfControlNet11) {
    const auto ts = expectedTensors("controlnet", SdConfig::sd15());
    EXPECT_EQ(ts.size(), 340u);
    EXPECT_EQ(elements(ts, kControlPrefix), 361279120);
    const auto m = byName(ts);
    const std::string c = kControlPrefix;
    EXPECT_EQ(m.at(c + "input_hint_block.0.weight"), (std::vector<int64_t>{16, 3, 3, 3}));
    EXPECT_EQ(m.at(c + "input_hint_block.12.weight"), (std::vector<int64_t>{256, 96, 3, 3}));
    EXPECT_EQ(m.at(c + "input_hint_block.14.weight"), (std::vector<int64_t>{320, 256, 3, 3}));
    EXPECT_EQ(m.at(c + "zero_convs.0.0.weight"), (std::vector<int64_t>{320, 320, 1, 1}));
    EXPECT_EQ(m.at(c + "zero_convs.11.0.weight"), (std::vector<int64_t>{1280, 1280, 1, 1}));
    EXPECT_EQ(m.at(c + "middle_block_out.0.weight"), (std::vector<int64_t>{1280, 1280, 1, 1}));
    EXPECT_EQ(m.count(c + "zero_convs.12.0.weight"), 0u);
    EXPECT_EQ(m.count(c + "output_blocks.0.0.in_layers.0.weight"), 0u);
}

TEST(Attention, ChunkedQueriesEqualTheFullSoftmax) {
    torch::manual_seed(0);
    const auto q = torch::randn({2, 50, 16}), k = torch::randn({2, 70, 16}),
               v = torch::randn({2, 70, 16});
    // Plain formula: 2 heads of 8 channels.
    auto heads = [](const torch::Tensor& t) { return t.view({2, -1, 2, 8}).transpose(1, 2); };
    const auto w =
        torch::softmax(torch::matmul(heads(q), heads(k).transpose(2, 3)) / std::sqrt(8.0), -1);
    const auto expected = torch::matmul(w, heads(v)).transpose(1, 2).reshape({2, 50, 16});
    for (int64_t budget : {int64_t(1) << 26, int64_t(700), int64_t(1)})  // whole, 2 rows, 1 row
        EXPECT_LT((nn::attend(q, k, v, 2, budget) - expected).abs().max().item<double>(), 1e-5)
            << budget;
}

TEST(Attention, CrossFrameKeysComeFromAnchorPreviousAndSelf) {
    // Two clips (guidance halves) of three frames; frame f's entries are all f + 10 * clip.
    std::vector<torch::Tensor> frames;
    for (int clip = 0; clip < 2; ++clip)
        for (int f = 0; f < 3; ++f)
            frames.push_back(torch::full({1, 4, 2}, double(f + 10 * clip)));
    const auto kv = nn::crossFrame(torch::cat(frames), 3);
    ASSERT_EQ(kv.sizes(), (std::vector<int64_t>{6, 12, 2}));
    auto part = [&](int64_t b, int64_t i) {
        return kv[b].narrow(0, 4 * i, 4).mean().item<double>();
    };
    const double expected[6][3] = {{0, 0, 0},    {0, 0, 1},    {0, 1, 2},
                                   {10, 10, 10}, {10, 10, 11}, {10, 11, 12}};
    for (int64_t b = 0; b < 6; ++b)
        for (int64_t i = 0; i < 3; ++i)
            EXPECT_EQ(part(b, i), expected[b][i]) << "entry " << b << " part " << i;
}

TEST(UNet, RunsAtLatentSizesThatAreNotMultiplesOfEight) {
    // Tiny widths, random weights: a 5x7 latent must come back 5x7 (upsampling follows the
    // skip connections' sizes), with and without 13 control residuals.
    SdConfig c = SdConfig::tiny();
    const auto unet = nn::makeUNet(c.unet);
    torch::manual_seed(1);
    for (auto& p : nn::module(*unet).named_parameters())
        p.value().set_data(torch::randn(p.value().sizes()) * 0.05);
    const auto x = torch::randn({2, 4, 5, 7});
    const auto ctx = torch::randn({2, 77, c.unet.contextDim});
    const auto t = torch::full({2}, 500.0);
    c10::InferenceMode guard;
    const auto out = nn::forward(*unet, x, t, ctx, {}, 2);
    EXPECT_EQ(out.sizes(), x.sizes());
    EXPECT_THROW(nn::forward(*unet, x, t, ctx, std::vector<torch::Tensor>(5), 0),
                 std::invalid_argument);
}

}  // namespace
