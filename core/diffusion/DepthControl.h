#pragma once
// The depth spatial condition for a depth ControlNet: a depth network the user provides as
// TorchScript with a manifest of kind "depth" (e.g. MiDaS or DPT exported by its users):
// forward(image [1, 3, H, W] per the manifest's input spec) -> [1, 1, h, w] or [1, h, w]
// relative inverse depth (near is large). The map is resized to the frame, normalised to
// 0-255 per frame and given as a grey BGR image, as ControlNet depth was trained on.
#include <memory>
#include <opencv2/core.hpp>
#include <string>

namespace restyle::diffusion {

class DepthControl {
  public:
    // `model`: manifest path or name; InputError naming the file when it is not a depth net.
    DepthControl(const std::string& model, const std::string& device);
    ~DepthControl();
    cv::Mat operator()(const cv::Mat& bgr) const;

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace restyle::diffusion
