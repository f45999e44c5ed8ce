#pragma once
// Internal to restyle_core's diffusion networks. Unlike the other detail headers this one
// includes LibTorch: it is included only by the .cpp files that build the networks (which
// include LibTorch anyway), never by a public header.
//
// Layers keep their weights as registered parameters named as in the original checkpoints
// (CompVis ldm), so a module's named_parameters() are exactly the tensor names a checkpoint
// must hold. Parameters are created as zero-stride placeholders (one float each) and replaced
// by the loader with the checkpoint's tensors, so building even SD 1.5 costs no memory.
#include <torch/torch.h>

namespace restyle::diffusion::nn {

using torch::Tensor;

// A tensor of `shape` that occupies one element: the weight slot before loading.
Tensor placeholder(std::vector<int64_t> shape);

// What the attention layers need beyond their input: the text context and, for cross-frame
// attention, how many consecutive batch entries form one clip (0: frames attend to themselves).
struct Conditioning {
    Tensor emb, context;
    int64_t frames = 0;
};

struct Conv : torch::nn::Module {
    Conv(int64_t in, int64_t out, int64_t kernel, int64_t stride = 1, int64_t padding = -1);
    Tensor forward(const Tensor& x) const;
    Tensor weight, bias;
    int64_t stride, padding;
};

struct Linear : torch::nn::Module {
    Linear(int64_t in, int64_t out, bool bias = true);
    Tensor forward(const Tensor& x) const;
    Tensor weight, bias;
};

struct GroupNorm : torch::nn::Module {
    GroupNorm(int64_t groups, int64_t channels, double eps);
    Tensor forward(const Tensor& x) const;
    Tensor weight, bias;
    int64_t groups;
    double eps;
};

struct LayerNorm : torch::nn::Module {
    explicit LayerNorm(int64_t channels, double eps = 1e-5);
    Tensor forward(const Tensor& x) const;
    Tensor weight, bias;
    double eps;
};

// Softmax attention of q [B, Nq, C] over k, v [B, Nk, C] with `heads` heads: PyTorch 2's
// fused kernel where LibTorch has it, otherwise queries in chunks so that no score matrix
// exceeds a fixed budget (the full one is ~22 GiB per layer for a 16-frame batch at 512 px).
// `maxScores`: the chunk budget (tests lower it to force chunking).
Tensor attend(const Tensor& q, const Tensor& k, const Tensor& v, int64_t heads,
              int64_t maxScores = int64_t(1) << 26);
// Keys or values [B, N, C] of a clip of `frames` consecutive entries, extended per frame with
// those of the clip's first frame (the anchor) and of its previous frame: [B, 3N, C].
Tensor crossFrame(const Tensor& kv, int64_t frames);

// ldm's CrossAttention: to_q, to_k, to_v (no bias), to_out.0.
struct Attention : torch::nn::Module {
    Attention(int64_t channels, int64_t contextDim, int64_t heads);
    // Self-attention when `context` is undefined (cross-frame when frames > 0).
    Tensor forward(const Tensor& x, const Tensor& context, int64_t frames) const;
    std::shared_ptr<Linear> q, k, v, out;
    int64_t heads;
};

// A layer of a TimestepEmbedSequential: runs on (x, conditioning).
struct Layer : torch::nn::Module {
    virtual Tensor run(const Tensor& x, const Conditioning& c) = 0;
};

// ldm ResBlock: in_layers (GroupNorm, SiLU, conv), emb_layers (SiLU, Linear), out_layers
// (GroupNorm, SiLU, dropout, conv), skip_connection (1x1 conv when the width changes).
struct ResBlock : Layer {
    ResBlock(int64_t in, int64_t out, int64_t embDim, int64_t groups);
    Tensor run(const Tensor& x, const Conditioning& c) override;
    std::shared_ptr<GroupNorm> norm1, norm2;
    std::shared_ptr<Conv> conv1, conv2, skip;
    std::shared_ptr<Linear> embProj;
};

// ldm SpatialTransformer with one BasicTransformerBlock (attn1 self, attn2 cross, GEGLU ff)
// and 1x1 conv proj_in / proj_out (SD 1.x).
struct SpatialTransformer : Layer {
    SpatialTransformer(int64_t channels, int64_t heads, int64_t contextDim, int64_t groups);
    Tensor run(const Tensor& x, const Conditioning& c) override;
    std::shared_ptr<GroupNorm> norm;
    std::shared_ptr<Conv> projIn, projOut;
    std::shared_ptr<LayerNorm> norm1, norm2, norm3;
    std::shared_ptr<Attention> attn1, attn2;
    std::shared_ptr<Linear> ffIn, ffOut;
};

struct Downsample : Layer {  // op: 3x3 conv, stride 2
    explicit Downsample(int64_t channels);
    Tensor run(const Tensor& x, const Conditioning& c) override;
    std::shared_ptr<Conv> op;
};

// Nearest 2x then a 3x3 conv. The output size is taken from `target` when set (the skip
// connection's size), so latents of any size work, not only multiples of 8.
struct Upsample : Layer {
    explicit Upsample(int64_t channels);
    Tensor run(const Tensor& x, const Conditioning& c) override;
    std::shared_ptr<Conv> conv;
    std::vector<int64_t> target;
};

struct ConvLayer : Layer {  // input_blocks.0.0: the first conv, its weights directly
    ConvLayer(int64_t in, int64_t out);
    Tensor run(const Tensor& x, const Conditioning& c) override;
    Tensor weight, bias;
};

// TimestepEmbedSequential: layers named "0", "1", ...
struct Sequence : torch::nn::Module {
    void add(std::shared_ptr<Layer> layer);
    Tensor run(Tensor x, const Conditioning& c) const;
    std::vector<std::shared_ptr<Layer>> layers;
};

// A module holding children named "0", "1", ... (an nn.ModuleList / nn.Sequential).
struct List : torch::nn::Module {
    template <class M>
    std::shared_ptr<M> add(std::shared_ptr<M> m) {
        return register_module(std::to_string(size_++), std::move(m));
    }
    template <class M>
    std::shared_ptr<M> addAt(int64_t index, std::shared_ptr<M> m) {
        size_ = index + 1;
        return register_module(std::to_string(index), std::move(m));
    }
    int64_t size_ = 0;
};

// Sinusoidal timestep features [B, dim] (cos first, as ldm's timestep_embedding).
Tensor timestepEmbedding(const Tensor& t, int64_t dim);

// Replaces every placeholder parameter of `module` by the tensor `fetch` returns for its full
// name (prefix + parameter name), converted to `options`.
void loadParameters(torch::nn::Module& module, const std::string& prefix,
                    const std::function<Tensor(const std::string& name)>& fetch,
                    const torch::TensorOptions& options);

}  // namespace restyle::diffusion::nn
