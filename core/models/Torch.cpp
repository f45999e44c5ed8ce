#include <torch/script.h>

#include <ATen/Parallel.h>
#include <torch/cuda.h>

#include <algorithm>
#include <thread>

#include "common/CpuBudget.h"
#include "common/Error.h"
#include "models/detail/Torch.h"

namespace restyle::torchutil {

torch::Device pickDevice(const std::string& device) {
    if (device == "cpu") return torch::kCPU;
    if (device == "cuda") {
        if (!torch::cuda::is_available())
            throw InputError("device cuda: this LibTorch build or machine has no CUDA");
        return torch::kCUDA;
    }
    if (device != "auto") throw InputError("unknown device '" + device + "' (auto, cpu, cuda)");
    return torch::cuda::is_available() ? torch::Device(torch::kCUDA) : torch::Device(torch::kCPU);
}

void useThreads(int threads) {
    const int wanted = threads > 0 ? threads : cpuBudget();
    if (at::get_num_threads() != wanted) at::set_num_threads(wanted);
}

torch::jit::script::Module loadModule(const std::string& path, const torch::Device& device) {
    useThreads(0);
    try {
        auto m = torch::jit::load(path, device);
        m.eval();
        return m;
    } catch (const c10::Error& e) {
        std::string why = e.what_without_backtrace();
        if (why.size() > 160) why = why.substr(0, 160) + "...";
        throw InputError(path + ": not a loadable TorchScript module (" + why + ")");
    }
}

torch::Tensor imageToTensor(const cv::Mat& bgr, const ImageTensorSpec& spec,
                            const torch::Device& device) {
    CV_Assert(bgr.type() == CV_8UC3);
    cv::Mat img = bgr.isContinuous() ? bgr : bgr.clone();
    auto t = torch::from_blob(img.data, {img.rows, img.cols, 3}, torch::kUInt8)
                 .permute({2, 0, 1})
                 .to(torch::kFloat32)
                 .div(255.0);
    if (spec.channels == "rgb") t = t.flip(0);
    t = t * (spec.rangeMax - spec.rangeMin) + spec.rangeMin;
    const auto mean =
        torch::tensor({spec.mean[0], spec.mean[1], spec.mean[2]}, torch::kFloat32).view({3, 1, 1});
    const auto stdv =
        torch::tensor({spec.std[0], spec.std[1], spec.std[2]}, torch::kFloat32).view({3, 1, 1});
    t = (t - mean) / stdv;
    return t.unsqueeze(0).contiguous().to(device);
}

cv::Mat tensorToImage(const torch::Tensor& in, const ImageTensorSpec& spec,
                      const std::string& who) {
    auto t = in.detach().to(torch::kCPU, torch::kFloat32);
    if (t.dim() == 4) t = t[0];
    if (t.dim() != 3 || t.size(0) != 3)
        throw InputError(who + ": output has shape " + shapeText(in) + ", expected [1, 3, H, W]");
    if (!torch::isfinite(t).all().item<bool>())
        throw InputError(who + ": output contains NaN or infinite values");
    const auto mean =
        torch::tensor({spec.mean[0], spec.mean[1], spec.mean[2]}, torch::kFloat32).view({3, 1, 1});
    const auto stdv =
        torch::tensor({spec.std[0], spec.std[1], spec.std[2]}, torch::kFloat32).view({3, 1, 1});
    t = t * stdv + mean;
    t = (t - spec.rangeMin) / (spec.rangeMax - spec.rangeMin);
    if (spec.channels == "rgb") t = t.flip(0);
    t = t.mul(255.0).round().clamp(0, 255).to(torch::kUInt8).permute({1, 2, 0}).contiguous();
    cv::Mat out(int(t.size(0)), int(t.size(1)), CV_8UC3);
    std::memcpy(out.data, t.data_ptr<uint8_t>(), out.total() * 3);
    return out;
}

torch::Tensor outputTensor(const c10::IValue& v, const std::string& who) {
    if (v.isTensor()) return v.toTensor();
    if (v.isTuple()) {
        const auto& el = v.toTupleRef().elements();
        if (!el.empty() && el.back().isTensor()) return el.back().toTensor();
    }
    if (v.isTensorList()) {
        const auto list = v.toTensorList();
        if (list.size() > 0) return list.get(list.size() - 1);
    }
    if (v.isList()) {
        const auto list = v.toList();
        if (list.size() > 0 && list.get(list.size() - 1).isTensor())
            return list.get(list.size() - 1).toTensor();
    }
    throw InputError(who + ": forward() returned " + v.tagKind() + ", expected a tensor");
}

std::string shapeText(const torch::Tensor& t) {
    std::string s = "[";
    for (int64_t i = 0; i < t.dim(); ++i)
        s += (i ? ", " : "") + std::to_string(t.size(i));
    return s + "]";
}

}  // namespace restyle::torchutil
