#include <torch/torch.h>

#include "style/StyleTrainer.h"

#include <chrono>
#include <cmath>
#include <deque>
#include <sstream>

#include "common/Error.h"

namespace restyle {

namespace {

using Clock = std::chrono::steady_clock;

// L1 on the pixels plus L1 on their horizontal and vertical differences: the gradient term
// keeps strokes and edges crisp where L1 alone settles for a blur.
torch::Tensor styleLoss(const torch::Tensor& out, const torch::Tensor& target, double gradWeight) {
    torch::Tensor loss = (out - target).abs().mean();
    if (gradWeight > 0) {
        auto dx = [](const torch::Tensor& t) {
            return t.narrow(3, 1, t.size(3) - 1) - t.narrow(3, 0, t.size(3) - 1);
        };
        auto dy = [](const torch::Tensor& t) {
            return t.narrow(2, 1, t.size(2) - 1) - t.narrow(2, 0, t.size(2) - 1);
        };
        loss = loss + gradWeight * ((dx(out) - dx(target)).abs().mean() +
                                    (dy(out) - dy(target)).abs().mean());
    }
    return loss;
}

}  // namespace

std::string StyleTrainSettings::text() const {
    std::ostringstream s;
    s << "v1 seconds=" << seconds << " steps=" << maxSteps << " lr=" << learningRate
      << " grad=" << gradientWeight << " patch=" << patches.size << " batch=" << patches.batch
      << " jitter=" << patches.jitter << " jt=" << patches.jitterTarget << " seed=" << seed;
    return s.str();
}

struct StyleTrainer::Impl {
    std::shared_ptr<KeyframeStyleNet> net;
    StyleTrainSettings settings;
    PatchSampler sampler;
    torch::optim::Adam optimizer;
    int steps = 0;

    Impl(std::shared_ptr<KeyframeStyleNet> n, const StyleTrainSettings& s)
        : net(std::move(n)),
          settings(s),
          sampler(s.patches, s.seed),
          optimizer(net->parameters(), torch::optim::AdamOptions(s.learningRate)) {}

    void setLearningRate(double lr) {
        for (auto& group : optimizer.param_groups())
            static_cast<torch::optim::AdamOptions&>(group.options()).lr(lr);
    }
};

StyleTrainer::StyleTrainer(std::shared_ptr<KeyframeStyleNet> net, StyleTrainSettings settings) {
    if (!net) throw Error("style training: no network");
    if (settings.seconds < 0 || settings.maxSteps < 0 || !(settings.learningRate > 0) ||
        !(settings.gradientWeight >= 0))
        throw InputError(
            "style training: the budget and gradient weight must not be negative, the rate "
            "positive");
    if (settings.seconds == 0) settings.seconds = StyleTrainSettings::defaultSeconds(net->onCuda());
    impl_ = std::make_unique<Impl>(std::move(net), settings);
}

StyleTrainer::~StyleTrainer() = default;

const std::shared_ptr<KeyframeStyleNet>& StyleTrainer::net() const {
    return impl_->net;
}

int StyleTrainer::totalSteps() const {
    return impl_->steps;
}

void StyleTrainer::addPair(const cv::Mat& source, const cv::Mat& edited) {
    impl_->sampler.addPair(source, edited, *impl_->net);
}

TrainingReport StyleTrainer::train(const ProgressCallback& progress, std::stop_token stop,
                                   const LossCallback& onLoss) {
    auto& s = impl_->settings;
    const auto start = Clock::now();
    TrainingReport report;
    std::deque<double> recent;
    torch::Tensor src, tgt;
    for (;;) {
        throwIfStopped(stop);
        const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
        // Share of the budget used, by time or by steps, whichever is further along.
        double used = elapsed / s.seconds;
        if (s.maxSteps > 0) used = std::max(used, double(report.steps) / s.maxSteps);
        if (used >= 1.0) break;
        impl_->setLearningRate(s.learningRate * (0.05 + 0.95 * 0.5 * (1 + std::cos(M_PI * used))));
        impl_->sampler.sample(src, tgt);
        const torch::Tensor loss = styleLoss(impl_->net->forward(src), tgt, s.gradientWeight);
        impl_->optimizer.zero_grad();
        loss.backward();
        impl_->optimizer.step();
        const double value = loss.item<double>();
        if (!std::isfinite(value)) throw Error("style training diverged (loss is not finite)");
        ++report.steps;
        ++impl_->steps;
        recent.push_back(value);
        if (recent.size() > 20) recent.pop_front();
        if (onLoss) onLoss(impl_->steps, value);
        if (progress && report.steps % 5 == 0) {
            Progress p;
            p.done = int64_t(1000 * used);
            p.total = 1000;
            p.secondsLeft = used > 0 ? elapsed / used - elapsed : -1;
            progress(p);
        }
    }
    report.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    for (double v : recent)
        report.loss += v / double(recent.size());
    return report;
}

}  // namespace restyle
