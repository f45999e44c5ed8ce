#include "diffusion/detail/Blocks.h"

#include <torch/torch.h>
#include <torch/version.h>

#include <cmath>

#include "diffusion/detail/Networks.h"  // loadParameters

namespace restyle::diffusion::nn {

namespace {

// A tensor of `shape` that occupies one element: the weight slot before loading.
Tensor placeholder(std::vector<int64_t> shape) {
    // Zero strides: every element is the same one; never read before loading.
    return torch::empty_strided(shape, std::vector<int64_t>(shape.size(), 0));
}

std::string join(const std::string& path, const std::string& name) {
    return path.empty() ? name : path + "." + name;
}

}  // namespace

torch::nn::Module& submodule(torch::nn::Module& owner, const std::string& path) {
    torch::nn::Module* m = &owner;
    for (size_t start = 0; start < path.size();) {
        const size_t dot = std::min(path.find('.', start), path.size());
        const std::string name = path.substr(start, dot - start);
        auto children = m->named_children();
        if (auto* found = children.find(name))
            m = found->get();
        else
            m = m->register_module(name, std::make_shared<torch::nn::Module>()).get();
        start = dot + 1;
    }
    return *m;
}

Tensor parameter(torch::nn::Module& owner, const std::string& path, std::vector<int64_t> shape) {
    const size_t dot = path.rfind('.');
    if (dot == std::string::npos)
        return owner.register_parameter(path, placeholder(std::move(shape)), false);
    return submodule(owner, path.substr(0, dot))
        .register_parameter(path.substr(dot + 1), placeholder(std::move(shape)), false);
}

// The union of what the layers need; each uses its part. The tensors share their TensorImpl
// with the registered parameters, so they see the loader's set_data().
struct Layer::Weights {
    Tensor weight, bias;
    int64_t stride = 1, padding = 0, groups = 1;
    double eps = 0;
};

const Tensor& Layer::weight() const {
    return w_->weight;
}

Conv::Conv(torch::nn::Module& owner, const std::string& path, int64_t in, int64_t out,
           int64_t kernel, int64_t stride, int64_t padding) {
    w_ = std::make_shared<Weights>();
    w_->weight = parameter(owner, join(path, "weight"), {out, in, kernel, kernel});
    w_->bias = parameter(owner, join(path, "bias"), {out});
    w_->stride = stride;
    w_->padding = padding < 0 ? kernel / 2 : padding;
}

Tensor Conv::operator()(const Tensor& x) const {
    return torch::conv2d(x, w_->weight, w_->bias, w_->stride, w_->padding);
}

Linear::Linear(torch::nn::Module& owner, const std::string& path, int64_t in, int64_t out,
               bool bias) {
    w_ = std::make_shared<Weights>();
    w_->weight = parameter(owner, join(path, "weight"), {out, in});
    if (bias) w_->bias = parameter(owner, join(path, "bias"), {out});
}

Tensor Linear::operator()(const Tensor& x) const {
    return torch::linear(x, w_->weight, w_->bias);
}

GroupNorm::GroupNorm(torch::nn::Module& owner, const std::string& path, int64_t groups,
                     int64_t channels, double eps) {
    w_ = std::make_shared<Weights>();
    w_->weight = parameter(owner, join(path, "weight"), {channels});
    w_->bias = parameter(owner, join(path, "bias"), {channels});
    w_->groups = groups;
    w_->eps = eps;
}

Tensor GroupNorm::operator()(const Tensor& x) const {
    return torch::group_norm(x, w_->groups, w_->weight, w_->bias, w_->eps);
}

LayerNorm::LayerNorm(torch::nn::Module& owner, const std::string& path, int64_t channels,
                     double eps) {
    w_ = std::make_shared<Weights>();
    w_->weight = parameter(owner, join(path, "weight"), {channels});
    w_->bias = parameter(owner, join(path, "bias"), {channels});
    w_->eps = eps;
}

Tensor LayerNorm::operator()(const Tensor& x) const {
    return torch::layer_norm(x, {w_->weight.size(0)}, w_->weight, w_->bias, w_->eps);
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
