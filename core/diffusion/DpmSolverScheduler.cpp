#include <torch/script.h>

#include <cmath>

#include "diffusion/detail/Scheduler.h"

namespace restyle::diffusion {
namespace {

// DPM-Solver++ 2M (Lu et al. 2022): multistep second order in the data prediction, with
// lambda = log(alpha / sigma). The first step and the step to the clean end are first order.
class DpmSolverScheduler : public Scheduler {
  public:
    using Scheduler::Scheduler;
    torch::Tensor step(const torch::Tensor& out, size_t i, const torch::Tensor& x,
                       const torch::Tensor&) override {
        const int64_t t = timesteps_[i];
        const int64_t prev = i + 1 < timesteps_.size() ? timesteps_[i + 1] : -1;
        auto [x0, eps] = predict(x, out, t);
        if (i == 0) previousX0_ = torch::Tensor();
        if (prev < 0) {  // the clean end: sigma 0, the update is the data prediction
            previousX0_ = x0;
            return x0;
        }
        const double a = alphaBar(t), ap = alphaBar(prev);
        const double alphaT = std::sqrt(a), sigmaT = std::sqrt(1 - a);
        const double alphaS = std::sqrt(ap), sigmaS = std::sqrt(1 - ap);
        const double lambdaT = std::log(alphaT / std::max(sigmaT, 1e-12));
        const double lambdaS = std::log(alphaS / sigmaS);
        const double h = lambdaS - lambdaT;
        torch::Tensor d = x0;
        if (previousX0_.defined() && previousH_ > 0) {
            const double r = previousH_ / h;
            d = x0 * (1 + 1 / (2 * r)) - previousX0_ * (1 / (2 * r));
        }
        previousX0_ = x0;
        previousH_ = h;
        return x * (sigmaS / std::max(sigmaT, 1e-12)) - d * (alphaS * (std::exp(-h) - 1));
    }

  private:
    torch::Tensor previousX0_;
    double previousH_ = 0;
};

}  // namespace

std::unique_ptr<Scheduler> makeDpmSolverScheduler(const SchedulerConfig& c) {
    return std::make_unique<DpmSolverScheduler>(c);
}

}  // namespace restyle::diffusion
