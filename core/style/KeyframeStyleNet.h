#pragma once
// The few-shot style network (after Texler et al. 2020, "Interactive Video Stylization Using
// Few-Shot Patch-Based Training"): a compact, fully convolutional U-Net-like image-to-image
// network that learns a keyframe's look from the keyframe pair itself (StyleTrainer) and
// then styles any frame, including content the keyframe never showed.
//
// Two downsamplings (sizes are padded to multiples of 4 inside apply()), residual output
// (it starts as the identity), about 94 thousand parameters at 16 channels (374 thousand at
// 32; on vtest.avi both reach the same PSNR on new content within the same training time,
// 16 taking 2.5 times as many steps, and 16 runs 2-4 times faster).
#include <memory>
#include <opencv2/core.hpp>
#include <string>
#include <vector>

namespace at {
class Tensor;
}

namespace restyle {

struct StyleNetConfig {
    int channels = 16;  // at full resolution; doubled at each of the two lower levels
};

class KeyframeStyleNet {
  public:
    // `device`: auto (CUDA when present), cpu or cuda. Weights start random (seeded), with
    // the output layer zero so the untrained network returns its input.
    explicit KeyframeStyleNet(StyleNetConfig config = {}, const std::string& device = "auto",
                              uint64_t seed = 0);
    ~KeyframeStyleNet();
    KeyframeStyleNet(const KeyframeStyleNet&) = delete;
    KeyframeStyleNet& operator=(const KeyframeStyleNet&) = delete;

    // The styled frame: BGR 8-bit in, BGR 8-bit out, the same size. On the CPU, `threads`
    // LibTorch threads (0: all cores); fewer where other stages run beside it.
    cv::Mat apply(const cv::Mat& bgr, int threads = 0) const;

    const StyleNetConfig& config() const;
    int64_t parameterCount() const;
    bool onCuda() const;

    // Native weights (a LibTorch archive, read back by load()). Throws InputError naming the
    // file when it is missing or not this network's weights.
    void save(const std::string& path) const;
    static std::unique_ptr<KeyframeStyleNet> load(const std::string& path,
                                                  const std::string& device = "auto");
    // Replaces this network's weights with the file's (same configuration required).
    void loadWeights(const std::string& path);

    // A TorchScript module with the same forward pass, for the style-net contract of
    // TorchStyleEditor: forward(x) on [1, 3, H, W] BGR in [0, 1], H and W multiples of 4.
    void exportTorchScript(const std::string& path) const;

    // Internal to core/style (the caller includes LibTorch): the differentiable forward pass
    // on [N, 3, H, W] BGR in [0, 1] on this network's device, and the trainable tensors.
    at::Tensor forward(const at::Tensor& x) const;
    std::vector<at::Tensor> parameters() const;
    at::Tensor toDevice(const at::Tensor& t) const;

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace restyle
