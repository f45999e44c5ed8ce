// CLIP ViT-L/14's text transformer (HF transformers' CLIPTextModel layout): pre-norm layers,
// causal self-attention, quick-GELU MLP; the output is the final layer norm of the last layer.
#include "diffusion/detail/Networks.h"

namespace restyle::diffusion::nn {

namespace {

struct ClipLayer : torch::nn::Module {
    ClipLayer(int64_t width, int64_t mlp, int64_t h) : heads(h) {
        auto attn = register_module("self_attn", std::make_shared<torch::nn::Module>());
        q = attn->register_module("q_proj", std::make_shared<Linear>(width, width));
        k = attn->register_module("k_proj", std::make_shared<Linear>(width, width));
        v = attn->register_module("v_proj", std::make_shared<Linear>(width, width));
        out = attn->register_module("out_proj", std::make_shared<Linear>(width, width));
        norm1 = register_module("layer_norm1", std::make_shared<LayerNorm>(width));
        auto m = register_module("mlp", std::make_shared<torch::nn::Module>());
        fc1 = m->register_module("fc1", std::make_shared<Linear>(width, mlp));
        fc2 = m->register_module("fc2", std::make_shared<Linear>(mlp, width));
        norm2 = register_module("layer_norm2", std::make_shared<LayerNorm>(width));
    }
    Tensor forward(const Tensor& x, const Tensor& mask) const {
        const int64_t b = x.size(0), n = x.size(1), c = x.size(2), d = c / heads;
        const Tensor h = norm1->forward(x);
        auto split = [&](const Tensor& t) { return t.view({b, n, heads, d}).transpose(1, 2); };
        Tensor scores = torch::matmul(split(q->forward(h)), split(k->forward(h)).transpose(2, 3));
        scores = (scores * (1.0 / std::sqrt(double(d))) + mask).softmax(-1);
        const Tensor a =
            torch::matmul(scores, split(v->forward(h))).transpose(1, 2).reshape({b, n, c});
        const Tensor y = x + out->forward(a);
        const Tensor f = fc1->forward(norm2->forward(y));
        return y + fc2->forward(f * torch::sigmoid(1.702 * f));  // quick GELU
    }
    std::shared_ptr<Linear> q, k, v, out, fc1, fc2;
    std::shared_ptr<LayerNorm> norm1, norm2;
    int64_t heads;
};

}  // namespace

ClipText::ClipText(const ClipTextConfig& c) : config(c) {
    auto emb = register_module("embeddings", std::make_shared<torch::nn::Module>());
    auto tok = emb->register_module("token_embedding", std::make_shared<torch::nn::Module>());
    tokens = tok->register_parameter("weight", placeholder({c.vocab, c.width}), false);
    auto pos = emb->register_module("position_embedding", std::make_shared<torch::nn::Module>());
    positions = pos->register_parameter("weight", placeholder({c.positions, c.width}), false);
    auto enc = register_module("encoder", std::make_shared<torch::nn::Module>());
    auto list = enc->register_module("layers", std::make_shared<List>());
    for (int i = 0; i < c.layers; ++i)
        layers.push_back(list->add(std::make_shared<ClipLayer>(c.width, c.mlp(), c.heads)));
    finalNorm = register_module("final_layer_norm", std::make_shared<LayerNorm>(c.width));
}

Tensor ClipText::forward(const Tensor& ids) {
    const int64_t n = ids.size(1);
    Tensor x = tokens.index_select(0, ids.flatten()).view({ids.size(0), n, -1}) +
               positions.narrow(0, 0, n).unsqueeze(0);
    const Tensor mask =
        torch::full({n, n}, -std::numeric_limits<float>::infinity(), x.options()).triu(1);
    for (const auto& layer : layers)
        x = std::static_pointer_cast<ClipLayer>(layer)->forward(x, mask);
    return finalNorm->forward(x);
}

}  // namespace restyle::diffusion::nn
