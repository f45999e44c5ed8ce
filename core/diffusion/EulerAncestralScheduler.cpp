#include <torch/script.h>

#include <cmath>

#include "diffusion/detail/Scheduler.h"

namespace restyle::diffusion {
namespace {

// Euler ancestral (Karras et al. 2022 / k-diffusion). It integrates in sigma space,
// x_sigma = x0 + sigma * eps with sigma = sqrt((1 - a) / a); samples are converted from and to
// DDPM space (x = x_sigma * sqrt(a)) around each step so callers see one convention.
class EulerAncestralScheduler : public Scheduler {
  public:
    using Scheduler::Scheduler;
    bool stochastic() const override { return true; }
    torch::Tensor step(const torch::Tensor& out, size_t i, const torch::Tensor& x,
                       const torch::Tensor& noise) override {
        const int64_t t = timesteps_[i];
        const int64_t prev = i + 1 < timesteps_.size() ? timesteps_[i + 1] : -1;
        // At zero terminal SNR a = 0: keep sigma finite as diffusers does (a >= 2^-24).
        const double a = std::max(alphaBar(t), 1.0 / (1 << 24)), ap = alphaBar(prev);
        const double sigma = std::sqrt((1 - a) / a);
        const double sigmaNext = prev < 0 ? 0.0 : std::sqrt((1 - ap) / ap);
        auto [x0, eps] = predict(x, out, t);
        const auto xs = x / std::sqrt(a);  // sigma space
        const double up =
            sigma > 0 ? std::sqrt(std::max(0.0, sigmaNext * sigmaNext *
                                                    (sigma * sigma - sigmaNext * sigmaNext) /
                                                    (sigma * sigma)))
                      : 0.0;
        const double down = std::sqrt(std::max(0.0, sigmaNext * sigmaNext - up * up));
        const auto d = (xs - x0) / sigma;
        auto next = xs + d * (down - sigma);
        if (up > 0 && noise.defined()) next = next + noise * up;
        return next * std::sqrt(ap);  // back to DDPM space
    }
};

}  // namespace

std::unique_ptr<Scheduler> makeEulerAncestralScheduler(const SchedulerConfig& c) {
    return std::make_unique<EulerAncestralScheduler>(c);
}

}  // namespace restyle::diffusion
