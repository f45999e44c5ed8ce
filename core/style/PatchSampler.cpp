#include <torch/torch.h>

#include "style/PatchSampler.h"

#include "common/Error.h"
#include "models/detail/Torch.h"
#include "style/KeyframeStyleNet.h"

namespace restyle {

struct PatchSampler::Impl {
    PatchSettings settings;
    std::mt19937_64 rng;
    std::vector<std::pair<torch::Tensor, torch::Tensor>> pairs;  // [3, H, W] each

    int uniform(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); }
    double uniform(double lo, double hi) {
        return std::uniform_real_distribution<double>(lo, hi)(rng);
    }
};

PatchSampler::PatchSampler(PatchSettings settings, uint64_t seed)
    : impl_(std::make_unique<Impl>()) {
    if (settings.size < 8 || settings.size % 4 != 0)
        throw InputError("style training: patch size must be a multiple of 4, at least 8");
    if (settings.batch < 1) throw InputError("style training: batch must be at least 1");
    if (settings.jitter < 0 || settings.jitter > 0.5)
        throw InputError("style training: colour jitter must be 0-0.5");
    impl_->settings = settings;
    impl_->rng.seed(seed);
}

PatchSampler::~PatchSampler() = default;

size_t PatchSampler::pairs() const {
    return impl_->pairs.size();
}

void PatchSampler::addPair(const cv::Mat& source, const cv::Mat& edited,
                           const KeyframeStyleNet& net) {
    CV_Assert(source.type() == CV_8UC3 && edited.type() == CV_8UC3);
    if (source.size() != edited.size())
        throw InputError("style training: a keyframe's edit is not the size of its frame");
    if (source.cols < impl_->settings.size || source.rows < impl_->settings.size)
        throw InputError("style training: frames must be at least " +
                         std::to_string(impl_->settings.size) + " px on each side");
    const ImageTensorSpec spec{"bgr"};
    impl_->pairs.emplace_back(net.toDevice(torchutil::imageToTensor(source, spec, torch::kCPU)[0]),
                              net.toDevice(torchutil::imageToTensor(edited, spec, torch::kCPU)[0]));
}

void PatchSampler::sample(torch::Tensor& sources, torch::Tensor& targets) {
    if (impl_->pairs.empty()) throw Error("style training: no keyframe pair to learn from");
    const auto& s = impl_->settings;
    std::vector<torch::Tensor> src, tgt;
    for (int i = 0; i < s.batch; ++i) {
        const auto& [a, b] = impl_->pairs[size_t(impl_->uniform(0, int(impl_->pairs.size()) - 1))];
        const int y = impl_->uniform(0, int(a.size(1)) - s.size);
        const int x = impl_->uniform(0, int(a.size(2)) - s.size);
        src.push_back(a.narrow(1, y, s.size).narrow(2, x, s.size));
        tgt.push_back(b.narrow(1, y, s.size).narrow(2, x, s.size));
    }
    sources = torch::stack(src);
    targets = torch::stack(tgt);
    if (s.jitter > 0) {
        std::vector<float> gain, offset;
        for (int i = 0; i < s.batch * 3; ++i) {
            gain.push_back(float(impl_->uniform(1.0 - s.jitter, 1.0 + s.jitter)));
            offset.push_back(float(impl_->uniform(-s.jitter / 2, s.jitter / 2)));
        }
        const auto g = torch::tensor(gain).view({s.batch, 3, 1, 1}).to(sources.device());
        const auto o = torch::tensor(offset).view({s.batch, 3, 1, 1}).to(sources.device());
        sources = (sources * g + o).clamp(0, 1);
        if (s.jitterTarget) targets = (targets * g + o).clamp(0, 1);
    }
}

}  // namespace restyle
