#pragma once
// Training examples for the few-shot style network: random aligned patches of the keyframe
// pairs (source frame -> edited frame), with augmentation so what is learned carries over to
// other frames: random positions (content seen at every offset from the patch edges, so the
// network cannot tie the look to a place), and a colour jitter of the source (gain and offset
// per channel) so it generalises to small changes of lighting.
#include <cstdint>
#include <memory>
#include <opencv2/core.hpp>
#include <random>
#include <vector>

namespace at {
class Tensor;
}

namespace restyle {

class KeyframeStyleNet;

struct PatchSettings {
    int size = 48;             // patch side, px (a multiple of 4)
    int batch = 8;             // patches per step (8 beat 16 for the same compute: 20.09 / 19.96 dB)
    double jitter = 0.03;      // colour jitter of the source: gain 1 +- jitter, offset +- jitter/2
    bool jitterTarget = true;  // apply the same jitter to the edit (the look follows lighting)
};

class PatchSampler {
  public:
    explicit PatchSampler(PatchSettings settings, uint64_t seed = 0);
    ~PatchSampler();

    // A keyframe pair: BGR 8-bit, the same size, at least settings.size on each side.
    void addPair(const cv::Mat& source, const cv::Mat& edited, const KeyframeStyleNet& net);
    size_t pairs() const;

    // One batch, on the network's device: [batch, 3, size, size] BGR in [0, 1] each.
    void sample(at::Tensor& sources, at::Tensor& targets);

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace restyle
