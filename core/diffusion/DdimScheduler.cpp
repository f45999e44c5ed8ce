#include <torch/script.h>

#include <cmath>

#include "diffusion/detail/Scheduler.h"

namespace restyle::diffusion {
namespace {

// DDIM (Song et al. 2021) with eta: eta 0 is deterministic, 1 matches DDPM's variance.
class DdimScheduler : public Scheduler {
  public:
    using Scheduler::Scheduler;
    bool stochastic() const override { return config_.eta > 0; }
    torch::Tensor step(const torch::Tensor& out, size_t i, const torch::Tensor& x,
                       const torch::Tensor& noise) override {
        const int64_t t = timesteps_[i];
        const int64_t prev = i + 1 < timesteps_.size() ? timesteps_[i + 1] : -1;
        const double a = alphaBar(t), ap = alphaBar(prev);
        auto [x0, eps] = predict(x, out, t);
        const double sigma = config_.eta * std::sqrt((1 - ap) / std::max(1 - a, 1e-12)) *
                             std::sqrt(std::max(0.0, 1 - a / ap));
        auto next = x0 * std::sqrt(ap) + eps * std::sqrt(std::max(0.0, 1 - ap - sigma * sigma));
        if (sigma > 0 && noise.defined()) next = next + noise * sigma;
        return next;
    }
};

}  // namespace

std::unique_ptr<Scheduler> makeDdimScheduler(const SchedulerConfig& c) {
    return std::make_unique<DdimScheduler>(c);
}

}  // namespace restyle::diffusion
