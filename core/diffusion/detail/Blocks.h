#pragma once
// Internal to restyle_core's diffusion networks: the layers UNet.cpp, Vae.cpp and ClipText.cpp
// share. LibTorch stays in the .cpp files (its headers are heavy, and Qt's `slots` macro
// breaks them): this header forward-declares the tensor and module types, and a layer is a
// handle whose weights live behind it, in Blocks.cpp.
//
// Layers keep their weights as registered parameters named as in the original checkpoints
// (CompVis ldm), so a module's named_parameters() are exactly the tensor names a checkpoint
// must hold. Parameters are created as zero-stride placeholders (one float each) and replaced
// in place by nn::loadParameters (detail/Networks.h) with the checkpoint's tensors, so
// building even SD 1.5 costs no memory, and a layer, which shares its parameters' tensors,
// computes with the loaded ones.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace at {
class Tensor;
}
namespace torch::nn {
class Module;
}

namespace restyle::diffusion::nn {

using at::Tensor;

// The module at the dotted `path` under `owner` ("in_layers.2"; "" is `owner` itself), with
// plain modules registered for the names not there yet.
torch::nn::Module& submodule(torch::nn::Module& owner, const std::string& path);
// A placeholder parameter registered as `path` under `owner` ("in_layers.2.weight").
Tensor parameter(torch::nn::Module& owner, const std::string& path, std::vector<int64_t> shape);

// What the layers below share: a handle to their weights (copies of a layer share them). A
// default-constructed layer is none (an optional skip connection left out).
class Layer {
  public:
    explicit operator bool() const { return bool(w_); }
    const Tensor& weight() const;  // its dtype is the one the network computes in

  protected:
    struct Weights;
    std::shared_ptr<Weights> w_;
};

// Each layer registers its parameters ("weight", "bias") under `path` of `owner`.
class Conv : public Layer {
  public:
    Conv() = default;
    Conv(torch::nn::Module& owner, const std::string& path, int64_t in, int64_t out, int64_t kernel,
         int64_t stride = 1, int64_t padding = -1);  // -1: kernel / 2
    Tensor operator()(const Tensor& x) const;
};

class Linear : public Layer {
  public:
    Linear() = default;
    Linear(torch::nn::Module& owner, const std::string& path, int64_t in, int64_t out,
           bool bias = true);
    Tensor operator()(const Tensor& x) const;
};

class GroupNorm : public Layer {
  public:
    GroupNorm() = default;
    GroupNorm(torch::nn::Module& owner, const std::string& path, int64_t groups, int64_t channels,
              double eps);
    Tensor operator()(const Tensor& x) const;
};

class LayerNorm : public Layer {
  public:
    LayerNorm() = default;
    LayerNorm(torch::nn::Module& owner, const std::string& path, int64_t channels,
              double eps = 1e-5);
    Tensor operator()(const Tensor& x) const;
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

// Sinusoidal timestep features [B, dim] (cos first, as ldm's timestep_embedding).
Tensor timestepEmbedding(const Tensor& t, int64_t dim);

}  // namespace restyle::diffusion::nn
