// CLIP ViT-L/14's text transformer (HF transformers' CLIPTextModel layout): pre-norm layers,
// causal self-attention, quick-GELU MLP; the output is the final layer norm of the last layer.
#include <torch/torch.h>

#include "diffusion/detail/Blocks.h"
#include "diffusion/detail/Networks.h"

namespace restyle::diffusion::nn {

namespace {

// Built on the module its weights go under (encoder.layers.N).
struct ClipLayer {
    ClipLayer(torch::nn::Module& m, int64_t width, int64_t mlp, int64_t h) : heads(h) {
        q = Linear(m, "self_attn.q_proj", width, width);
        k = Linear(m, "self_attn.k_proj", width, width);
        v = Linear(m, "self_attn.v_proj", width, width);
        out = Linear(m, "self_attn.out_proj", width, width);
        norm1 = LayerNorm(m, "layer_norm1", width);
        fc1 = Linear(m, "mlp.fc1", width, mlp);
        fc2 = Linear(m, "mlp.fc2", mlp, width);
        norm2 = LayerNorm(m, "layer_norm2", width);
    }
    Tensor forward(const Tensor& x, const Tensor& mask) const {
        const int64_t b = x.size(0), n = x.size(1), c = x.size(2), d = c / heads;
        const Tensor h = norm1(x);
        auto split = [&](const Tensor& t) { return t.view({b, n, heads, d}).transpose(1, 2); };
        Tensor scores = torch::matmul(split(q(h)), split(k(h)).transpose(2, 3));
        scores = (scores * (1.0 / std::sqrt(double(d))) + mask).softmax(-1);
        const Tensor a = torch::matmul(scores, split(v(h))).transpose(1, 2).reshape({b, n, c});
        const Tensor y = x + out(a);
        const Tensor f = fc1(norm2(y));
        return y + fc2(f * torch::sigmoid(1.702 * f));  // quick GELU
    }
    Linear q, k, v, out, fc1, fc2;
    LayerNorm norm1, norm2;
    int64_t heads;
};

}  // namespace

struct ClipText : torch::nn::Module {
    explicit ClipText(const ClipTextConfig& c) : config(c) {
        tokens = parameter(*this, "embeddings.token_embedding.weight", {c.vocab, c.width});
        positions =
            parameter(*this, "embeddings.position_embedding.weight", {c.positions, c.width});
        for (int i = 0; i < c.layers; ++i)
            layers.emplace_back(submodule(*this, "encoder.layers." + std::to_string(i)), c.width,
                                c.mlp(), c.heads);
        finalNorm = LayerNorm(*this, "final_layer_norm", c.width);
    }

    Tensor forward(const Tensor& ids) const {
        const int64_t n = ids.size(1);
        Tensor x = tokens.index_select(0, ids.flatten()).view({ids.size(0), n, -1}) +
                   positions.narrow(0, 0, n).unsqueeze(0);
        const Tensor mask =
            torch::full({n, n}, -std::numeric_limits<float>::infinity(), x.options()).triu(1);
        for (const auto& layer : layers)
            x = layer.forward(x, mask);
        return finalNorm(x);
    }

    ClipTextConfig config;
    Tensor tokens, positions;
    std::vector<ClipLayer> layers;
    LayerNorm finalNorm;
};

std::shared_ptr<ClipText> makeClipText(const ClipTextConfig& c) {
    return std::make_shared<ClipText>(c);
}

torch::nn::Module& module(ClipText& net) {
    return net;
}

Tensor forward(ClipText& net, const Tensor& ids) {
    return net.forward(ids);
}

}  // namespace restyle::diffusion::nn
