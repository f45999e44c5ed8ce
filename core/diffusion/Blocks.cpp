#include "diffusion/detail/Blocks.h"

#include <torch/version.h>

#include <cmath>

namespace restyle::diffusion::nn {

Tensor placeholder(std::vector<int64_t> shape) {
    // Zero strides: every element is the same one; never read before loading.
    return torch::empty_strided(shape, std::vector<int64_t>(shape.size(), 0));
}

namespace {

// Children in the ldm order: a List named `name` on `owner` holding `module` at `index`.
template <class M>
std::shared_ptr<M> nested(torch::nn::Module& owner, const std::string& name, int64_t index,
                          std::shared_ptr<M> module) {
    auto children = owner.named_children();
    std::shared_ptr<List> list;
    if (auto* found = children.find(name))
        list = std::dynamic_pointer_cast<List>(*found);
    else
        list = owner.register_module(name, std::make_shared<List>());
    return list->addAt(index, std::move(module));
}

}  // namespace

Conv::Conv(int64_t in, int64_t out, int64_t kernel, int64_t s, int64_t p)
    : stride(s), padding(p < 0 ? kernel / 2 : p) {
    weight = register_parameter("weight", placeholder({out, in, kernel, kernel}), false);
    bias = register_parameter("bias", placeholder({out}), false);
}

Tensor Conv::forward(const Tensor& x) const {
    return torch::conv2d(x, weight, bias, stride, padding);
}

Linear::Linear(int64_t in, int64_t out, bool withBias) {
    weight = register_parameter("weight", placeholder({out, in}), false);
    if (withBias) bias = register_parameter("bias", placeholder({out}), false);
}

Tensor Linear::forward(const Tensor& x) const {
    return torch::linear(x, weight, bias);
}

GroupNorm::GroupNorm(int64_t g, int64_t channels, double e) : groups(g), eps(e) {
    weight = register_parameter("weight", placeholder({channels}), false);
    bias = register_parameter("bias", placeholder({channels}), false);
}

Tensor GroupNorm::forward(const Tensor& x) const {
    return torch::group_norm(x, groups, weight, bias, eps);
}

LayerNorm::LayerNorm(int64_t channels, double e) : eps(e) {
    weight = register_parameter("weight", placeholder({channels}), false);
    bias = register_parameter("bias", placeholder({channels}), false);
}

Tensor LayerNorm::forward(const Tensor& x) const {
    return torch::layer_norm(x, {weight.size(0)}, weight, bias, eps);
}

Tensor attend(const Tensor& q, const Tensor& k, const Tensor& v, int64_t heads, int64_t maxScores) {
    const int64_t b = q.size(0), nq = q.size(1), nk = k.size(1), c = q.size(2), d = c / heads;
    auto split = [&](const Tensor& t) { return t.view({b, t.size(1), heads, d}).transpose(1, 2); };
#if TORCH_VERSION_MAJOR >= 2
    (void)maxScores;
    const Tensor out = at::scaled_dot_product_attention(split(q), split(k), split(v));
#else
    const Tensor qh = (split(q) * (1.0 / std::sqrt(double(d)))).reshape({b * heads, nq, d});
    const Tensor kt = split(k).reshape({b * heads, nk, d}).transpose(1, 2);
    const Tensor vh = split(v).reshape({b * heads, nk, d});
    // At most maxScores scores at once (by default ~64 M: 256 MB in float32).
    const int64_t rows = std::max<int64_t>(1, maxScores / std::max<int64_t>(1, b * heads * nk));
    Tensor out;
    if (rows >= nq) {
        out = torch::bmm(torch::bmm(qh, kt).softmax(-1), vh);
    } else {
        out = torch::empty({b * heads, nq, d}, qh.options());
        for (int64_t i = 0; i < nq; i += rows) {
            const int64_t n = std::min(rows, nq - i);
            out.narrow(1, i, n).copy_(
                torch::bmm(torch::bmm(qh.narrow(1, i, n), kt).softmax(-1), vh));
        }
    }
    out = out.view({b, heads, nq, d});
#endif
    return out.transpose(1, 2).reshape({b, nq, c});
}

Tensor crossFrame(const Tensor& kv, int64_t frames) {
    const int64_t b = kv.size(0);
    std::vector<int64_t> anchor(static_cast<size_t>(b)), previous(static_cast<size_t>(b));
    for (int64_t i = 0; i < b; ++i) {
        const int64_t first = i - i % frames;
        anchor[size_t(i)] = first;
        previous[size_t(i)] = i == first ? i : i - 1;
    }
    auto index = [&](const std::vector<int64_t>& v) {
        return torch::tensor(v, torch::kInt64).to(kv.device());
    };
    return torch::cat({kv.index_select(0, index(anchor)), kv.index_select(0, index(previous)), kv},
                      1);
}

Attention::Attention(int64_t channels, int64_t contextDim, int64_t h) : heads(h) {
    q = register_module("to_q", std::make_shared<Linear>(channels, channels, false));
    k = register_module("to_k", std::make_shared<Linear>(contextDim, channels, false));
    v = register_module("to_v", std::make_shared<Linear>(contextDim, channels, false));
    out = nested(*this, "to_out", 0, std::make_shared<Linear>(channels, channels));
}

Tensor Attention::forward(const Tensor& x, const Tensor& context, int64_t frames) const {
    const Tensor& src = context.defined() ? context : x;
    Tensor keys = k->forward(src), values = v->forward(src);
    if (!context.defined() && frames > 1) {
        keys = crossFrame(keys, frames);
        values = crossFrame(values, frames);
    }
    return out->forward(attend(q->forward(x), keys, values, heads));
}

ResBlock::ResBlock(int64_t in, int64_t out, int64_t embDim, int64_t groups) {
    norm1 = nested(*this, "in_layers", 0, std::make_shared<GroupNorm>(groups, in, 1e-5));
    conv1 = nested(*this, "in_layers", 2, std::make_shared<Conv>(in, out, 3));
    embProj = nested(*this, "emb_layers", 1, std::make_shared<Linear>(embDim, out));
    norm2 = nested(*this, "out_layers", 0, std::make_shared<GroupNorm>(groups, out, 1e-5));
    conv2 = nested(*this, "out_layers", 3, std::make_shared<Conv>(out, out, 3));
    if (in != out) skip = register_module("skip_connection", std::make_shared<Conv>(in, out, 1));
}

Tensor ResBlock::run(const Tensor& x, const Conditioning& c) {
    Tensor h = conv1->forward(torch::silu(norm1->forward(x)));
    h = h + embProj->forward(torch::silu(c.emb)).unsqueeze(-1).unsqueeze(-1);
    h = conv2->forward(torch::silu(norm2->forward(h)));
    return (skip ? skip->forward(x) : x) + h;
}

SpatialTransformer::SpatialTransformer(int64_t ch, int64_t heads, int64_t contextDim,
                                       int64_t groups) {
    norm = register_module("norm", std::make_shared<GroupNorm>(groups, ch, 1e-6));
    projIn = register_module("proj_in", std::make_shared<Conv>(ch, ch, 1));
    auto block = nested(*this, "transformer_blocks", 0, std::make_shared<torch::nn::Module>());
    attn1 = block->register_module("attn1", std::make_shared<Attention>(ch, ch, heads));
    auto ff = block->register_module("ff", std::make_shared<torch::nn::Module>());
    auto geglu = nested(*ff, "net", 0, std::make_shared<torch::nn::Module>());
    ffIn = geglu->register_module("proj", std::make_shared<Linear>(ch, ch * 8));
    ffOut = nested(*ff, "net", 2, std::make_shared<Linear>(ch * 4, ch));
    attn2 = block->register_module("attn2", std::make_shared<Attention>(ch, contextDim, heads));
    norm1 = block->register_module("norm1", std::make_shared<LayerNorm>(ch));
    norm2 = block->register_module("norm2", std::make_shared<LayerNorm>(ch));
    norm3 = block->register_module("norm3", std::make_shared<LayerNorm>(ch));
    projOut = register_module("proj_out", std::make_shared<Conv>(ch, ch, 1));
}

Tensor SpatialTransformer::run(const Tensor& x, const Conditioning& c) {
    const int64_t b = x.size(0), ch = x.size(1), h = x.size(2), w = x.size(3);
    Tensor t = projIn->forward(norm->forward(x)).flatten(2).transpose(1, 2);  // [B, HW, C]
    t = t + attn1->forward(norm1->forward(t), Tensor(), c.frames);
    t = t + attn2->forward(norm2->forward(t), c.context, 0);
    const auto gated = ffIn->forward(norm3->forward(t)).chunk(2, -1);  // GEGLU
    t = t + ffOut->forward(gated[0] * torch::gelu(gated[1]));
    t = t.transpose(1, 2).reshape({b, ch, h, w});
    return x + projOut->forward(t);
}

Downsample::Downsample(int64_t ch) {
    op = register_module("op", std::make_shared<Conv>(ch, ch, 3, 2, 1));
}

Tensor Downsample::run(const Tensor& x, const Conditioning&) {
    return op->forward(x);
}

Upsample::Upsample(int64_t ch) {
    conv = register_module("conv", std::make_shared<Conv>(ch, ch, 3));
}

Tensor Upsample::run(const Tensor& x, const Conditioning&) {
    std::vector<int64_t> size = target;
    if (size.empty()) size = {x.size(2) * 2, x.size(3) * 2};
    return conv->forward(torch::upsample_nearest2d(x, size));
}

ConvLayer::ConvLayer(int64_t in, int64_t out) {
    weight = register_parameter("weight", placeholder({out, in, 3, 3}), false);
    bias = register_parameter("bias", placeholder({out}), false);
}

Tensor ConvLayer::run(const Tensor& x, const Conditioning&) {
    return torch::conv2d(x, weight, bias, 1, 1);
}

void Sequence::add(std::shared_ptr<Layer> layer) {
    layers.push_back(register_module(std::to_string(layers.size()), std::move(layer)));
}

Tensor Sequence::run(Tensor x, const Conditioning& c) const {
    for (const auto& l : layers)
        x = l->run(x, c);
    return x;
}

Tensor timestepEmbedding(const Tensor& t, int64_t dim) {
    const int64_t half = dim / 2;
    const auto freqs =
        torch::exp(-std::log(10000.0) *
                   torch::arange(half, torch::TensorOptions().dtype(torch::kFloat32)) /
                   double(half))
            .to(t.device());
    const auto args = t.to(torch::kFloat32).unsqueeze(1) * freqs.unsqueeze(0);
    return torch::cat({torch::cos(args), torch::sin(args)}, 1);
}

void loadParameters(torch::nn::Module& module, const std::string& prefix,
                    const std::function<Tensor(const std::string&)>& fetch,
                    const torch::TensorOptions& options) {
    for (auto& p : module.named_parameters()) {
        Tensor t = fetch(prefix + p.key());
        if (t.sizes() != p.value().sizes()) t = t.reshape(p.value().sizes());  // [C, C] 1x1 convs
        p.value().set_data(t.to(options));
    }
}

}  // namespace restyle::diffusion::nn
