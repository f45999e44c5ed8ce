#include "diffusion/DepthControl.h"

#include <torch/script.h>

#include <opencv2/imgproc.hpp>

#include "common/Error.h"
#include "models/ModelManifest.h"
#include "models/detail/Torch.h"

namespace restyle::diffusion {

struct DepthControl::Impl {
    ModelManifest manifest;
    torch::Device device{torch::kCPU};
    torch::jit::script::Module net;
};

DepthControl::DepthControl(const std::string& model, const std::string& device)
    : impl_(std::make_unique<Impl>()) {
    impl_->manifest = resolveModel(model);
    if (impl_->manifest.kind != "depth")
        throw InputError(impl_->manifest.path + ": kind \"" + impl_->manifest.kind +
                         "\" is not a depth model");
    impl_->device = torchutil::pickDevice(device);
    impl_->net = torchutil::loadModule(impl_->manifest.file("model"), impl_->device);
    (*this)(cv::Mat(64, 64, CV_8UC3, cv::Scalar(40, 90, 160)));  // probe the contract now
}

DepthControl::~DepthControl() = default;

cv::Mat DepthControl::operator()(const cv::Mat& bgr) const {
    const ImageTensorSpec& spec = impl_->manifest.input;
    const int m = std::max(1, spec.multiple);
    // The network's sizes: multiples of `m`, at most maxSide on the longer side.
    double s = 1.0;
    if (spec.maxSide > 0) s = std::min(1.0, double(spec.maxSide) / std::max(bgr.cols, bgr.rows));
    const cv::Size in(std::max(m, int(std::lround(bgr.cols * s / m)) * m),
                      std::max(m, int(std::lround(bgr.rows * s / m)) * m));
    cv::Mat resized;
    cv::resize(bgr, resized, in, 0, 0, cv::INTER_AREA);
    c10::InferenceMode guard;
    const std::string who = impl_->manifest.file("model");
    torch::Tensor depth;
    try {
        depth = torchutil::outputTensor(
            impl_->net.forward({torchutil::imageToTensor(resized, spec, impl_->device)}), who);
    } catch (const c10::Error& e) {
        throw InputError(
            who + ": forward() failed: " + std::string(e.what_without_backtrace()).substr(0, 240));
    }
    if (depth.dim() == 3) depth = depth.unsqueeze(1);
    if (depth.dim() != 4 || depth.size(0) != 1 || depth.size(1) != 1)
        throw InputError(who + ": returned shape " + torchutil::shapeText(depth) +
                         ", expected [1, 1, h, w] or [1, h, w]");
    depth = depth.to(torch::kFloat32).cpu().contiguous();
    const cv::Mat map(int(depth.size(2)), int(depth.size(3)), CV_32F, depth.data_ptr<float>());
    double lo = 0, hi = 0;
    cv::minMaxLoc(map, &lo, &hi);
    cv::Mat grey, full, out;
    map.convertTo(grey, CV_8U, hi > lo ? 255.0 / (hi - lo) : 0,
                  hi > lo ? -lo * 255.0 / (hi - lo) : 0);
    cv::resize(grey, full, bgr.size(), 0, 0, cv::INTER_LINEAR);
    cv::cvtColor(full, out, cv::COLOR_GRAY2BGR);
    return out;
}

}  // namespace restyle::diffusion
