#include <torch/script.h>

#include "flow/RaftFlowEngine.h"

#include <opencv2/core.hpp>

#include "common/Error.h"
#include "models/detail/Torch.h"

namespace restyle {

struct RaftFlowEngine::Impl {
    ModelManifest manifest;
    std::string modulePath;
    torch::Device device{torch::kCPU};
    torch::jit::script::Module module;

    cv::Mat run(const cv::Mat& a, const cv::Mat& b) {
        const int m = std::max(1, manifest.input.multiple);
        const int padW = (m - a.cols % m) % m, padH = (m - a.rows % m) % m;
        cv::Mat pa = a, pb = b;
        if (padW || padH) {
            cv::copyMakeBorder(a, pa, 0, padH, 0, padW, cv::BORDER_REPLICATE);
            cv::copyMakeBorder(b, pb, 0, padH, 0, padW, cv::BORDER_REPLICATE);
        }
        c10::InferenceMode guard;
        const auto ta = torchutil::imageToTensor(pa, manifest.input, device);
        const auto tb = torchutil::imageToTensor(pb, manifest.input, device);
        torch::Tensor out;
        try {
            out = torchutil::outputTensor(module.forward({ta, tb}), modulePath);
        } catch (const c10::Error& e) {
            throw InputError(modulePath + ": forward(image1, image2) failed: " +
                             std::string(e.what_without_backtrace()).substr(0, 200));
        }
        if (out.dim() != 4 || out.size(0) != 1 || out.size(1) != 2 || out.size(2) != pa.rows ||
            out.size(3) != pa.cols)
            throw InputError(modulePath + ": returned shape " + torchutil::shapeText(out) +
                             ", expected [1, 2, " + std::to_string(pa.rows) + ", " +
                             std::to_string(pa.cols) + "]");
        if (out.scalar_type() != torch::kFloat32 && out.scalar_type() != torch::kFloat16)
            throw InputError(modulePath + ": returned a non-float tensor, expected float32");
        auto hw2 = out[0].permute({1, 2, 0}).to(torch::kCPU, torch::kFloat32).contiguous();
        cv::Mat flow(pa.rows, pa.cols, CV_32FC2);
        std::memcpy(flow.data, hw2.data_ptr<float>(), flow.total() * 8);
        if (cv::checkRange(flow) == false)
            throw InputError(modulePath + ": returned NaN or infinite flow values");
        return flow(cv::Rect(0, 0, a.cols, a.rows)).clone();
    }
};

RaftFlowEngine::RaftFlowEngine(const ModelManifest& manifest, const std::string& device)
    : impl_(std::make_unique<Impl>()) {
    if (manifest.kind != "flow")
        throw InputError(manifest.path + ": kind is \"" + manifest.kind + "\", expected \"flow\"");
    impl_->manifest = manifest;
    impl_->modulePath = manifest.file("module");
    impl_->device = torchutil::pickDevice(device);
    impl_->module = torchutil::loadModule(impl_->modulePath, impl_->device);
    // Probe: a small pair with an odd size checks padding and the output contract now, not
    // halfway through a clip.
    cv::Mat a(37, 45, CV_8UC3), b;
    cv::randu(a, 0, 255);
    cv::flip(a, b, 1);
    impl_->run(a, b);
}

RaftFlowEngine::~RaftFlowEngine() = default;

std::string RaftFlowEngine::name() const {
    return "raft:" + impl_->manifest.path;
}

cv::Mat RaftFlowEngine::compute(const cv::Mat& from, const cv::Mat& to, const cv::Mat&) {
    return impl_->run(from, to);
}

}  // namespace restyle
