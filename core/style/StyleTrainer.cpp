#include <torch/torch.h>

#include "style/StyleTrainer.h"

#include <chrono>
#include <cmath>
#include <sstream>

#include "common/Error.h"
#include "models/detail/Torch.h"
#include "style/LossSpikeGuard.h"

namespace restyle {

namespace {

using Clock = std::chrono::steady_clock;

// Steps between copies of weights to go back to after a loss spike, and how many spikes a
// train() call survives (each halves the rate).
constexpr int kHealthyEvery = 25;
constexpr int kMaxRollbacks = 8;

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
    // v2: loss spikes are undone (networks cached by v1 may have been wrecked by one).
    s << "v2 seconds=" << seconds << " steps=" << maxSteps << " lr=" << learningRate
      << " grad=" << gradientWeight << " patch=" << patches.size << " batch=" << patches.batch
      << " jitter=" << patches.jitter << " jt=" << patches.jitterTarget << " seed=" << seed;
    return s.str();
}

struct StyleTrainer::Impl {
    std::shared_ptr<KeyframeStyleNet> net;
    StyleTrainSettings settings;
    PatchSampler sampler;
    std::unique_ptr<torch::optim::Adam> optimizer;
    int steps = 0;
    // Weights whose loss was judged healthy, to go back to after a spike, and how far the
    // rate was lowered by spikes so far.
    LossSpikeGuard guard;
    std::vector<torch::Tensor> healthy;
    double rateScale = 1.0;

    Impl(std::shared_ptr<KeyframeStyleNet> n, const StyleTrainSettings& s)
        : net(std::move(n)), settings(s), sampler(s.patches, s.seed) {
        resetOptimizer();
    }

    void resetOptimizer() {
        optimizer = std::make_unique<torch::optim::Adam>(
            net->parameters(), torch::optim::AdamOptions(settings.learningRate));
    }
    void setLearningRate(double lr) {
        for (auto& group : optimizer->param_groups())
            static_cast<torch::optim::AdamOptions&>(group.options()).lr(lr);
    }
    void keepHealthyWeights() {
        torch::NoGradGuard noGrad;
        healthy.clear();
        for (const auto& p : net->parameters())
            healthy.push_back(p.detach().clone());
    }
    // Back to the last healthy weights with a fresh optimizer (its moments hold the spike)
    // at half the rate.
    void rollBack() {
        torch::NoGradGuard noGrad;
        const auto params = net->parameters();
        for (size_t i = 0; i < params.size(); ++i)
            params[i].copy_(healthy[i]);
        resetOptimizer();
        rateScale *= 0.5;
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
    torch::Tensor src, tgt;
    torchutil::useThreads(0);  // all cores: nothing runs beside the training
    // A new keyframe's losses start above the last phase's: judged afresh.
    impl_->guard = LossSpikeGuard();
    impl_->keepHealthyWeights();
    for (;;) {
        throwIfStopped(stop);
        const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
        // Share of the budget used, by time or by steps, whichever is further along.
        double used = elapsed / s.seconds;
        if (s.maxSteps > 0) used = std::max(used, double(report.steps) / s.maxSteps);
        if (used >= 1.0) break;
        impl_->setLearningRate(impl_->rateScale * s.learningRate *
                               (0.05 + 0.95 * 0.5 * (1 + std::cos(M_PI * used))));
        impl_->sampler.sample(src, tgt);
        const torch::Tensor loss = styleLoss(impl_->net->forward(src), tgt, s.gradientWeight);
        const double value = loss.item<double>();
        if (impl_->guard.isSpike(value)) {
            if (++report.rollbacks > kMaxRollbacks)
                throw Error("style training diverged (the loss kept jumping; try a lower "
                            "style_learning_rate)");
            impl_->rollBack();
            continue;
        }
        impl_->guard.accept(value);
        if (report.steps > 0 && report.steps % kHealthyEvery == 0 && impl_->guard.healthy())
            impl_->keepHealthyWeights();
        impl_->optimizer->zero_grad();
        loss.backward();
        impl_->optimizer->step();
        ++report.steps;
        ++impl_->steps;
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
    report.loss = impl_->guard.recentMean();
    return report;
}

}  // namespace restyle
