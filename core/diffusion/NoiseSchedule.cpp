#include <torch/script.h>

#include <cmath>

#include "common/Error.h"
#include "diffusion/detail/Scheduler.h"

namespace restyle::diffusion {

torch::Tensor alphasCumprod(const SchedulerConfig& c) {
    torch::Tensor betas;
    const auto opts = torch::TensorOptions().dtype(torch::kFloat64);
    if (c.betaSchedule == "scaled_linear")
        betas = torch::linspace(std::sqrt(c.betaStart), std::sqrt(c.betaEnd), c.trainSteps, opts)
                    .pow(2);
    else
        betas = torch::linspace(c.betaStart, c.betaEnd, c.trainSteps, opts);
    auto ac = torch::cumprod(1.0 - betas, 0);
    if (c.zeroTerminalSnr) ac = rescaleZeroTerminalSnr(ac);
    return ac;
}

torch::Tensor rescaleZeroTerminalSnr(const torch::Tensor& ac) {
    auto s = ac.sqrt();
    const double first = s[0].item<double>(), last = s[-1].item<double>();
    s = (s - last) * (first / (first - last));
    return s.pow(2);
}

std::vector<int64_t> spacedTimesteps(const SchedulerConfig& c, int steps) {
    std::vector<int64_t> t;
    if (c.spacing == "leading") {
        const int64_t ratio = c.trainSteps / steps;
        for (int i = steps - 1; i >= 0; --i)
            t.push_back(int64_t(i) * ratio + c.stepsOffset);
    } else {  // trailing: ends exactly at the last training step
        const double ratio = double(c.trainSteps) / steps;
        for (int i = 0; i < steps; ++i)
            t.push_back(int64_t(std::llround(c.trainSteps - i * ratio)) - 1);
    }
    for (auto& v : t)
        v = std::clamp<int64_t>(v, 0, c.trainSteps - 1);
    return t;
}

Scheduler::Scheduler(const SchedulerConfig& c) : config_(c) {
    const auto ac = alphasCumprod(c);
    alphas_.assign(ac.data_ptr<double>(), ac.data_ptr<double>() + ac.numel());
    setTimesteps(c.steps);
}

void Scheduler::setTimesteps(int steps, double strength) {
    auto all = spacedTimesteps(config_, steps);
    const int keep = std::clamp(int(std::lround(steps * strength)), 1, steps);
    timesteps_.assign(all.end() - keep, all.end());
}

double Scheduler::alphaBar(int64_t t) const {
    return t < 0 ? 1.0 : alphas_[size_t(t)];
}

std::pair<torch::Tensor, torch::Tensor> Scheduler::predict(const torch::Tensor& x,
                                                           const torch::Tensor& out,
                                                           int64_t t) const {
    const double a = alphaBar(t), sa = std::sqrt(a), s1 = std::sqrt(1.0 - a);
    if (config_.prediction == "v_prediction") return {x * sa - out * s1, out * sa + x * s1};
    // epsilon: x0 from x and eps (undefined at zero SNR, where a = 0: guarded).
    return {(x - out * s1) / std::max(sa, 1e-8), out};
}

torch::Tensor Scheduler::addNoise(const torch::Tensor& x0, const torch::Tensor& noise,
                                  int64_t t) const {
    const double a = alphaBar(t);
    return x0 * std::sqrt(a) + noise * std::sqrt(1.0 - a);
}

std::unique_ptr<Scheduler> makeDdimScheduler(const SchedulerConfig& c);
std::unique_ptr<Scheduler> makeEulerAncestralScheduler(const SchedulerConfig& c);
std::unique_ptr<Scheduler> makeDpmSolverScheduler(const SchedulerConfig& c);

std::unique_ptr<Scheduler> makeScheduler(const SchedulerConfig& c) {
    if (c.name == "ddim") return makeDdimScheduler(c);
    if (c.name == "euler-ancestral") return makeEulerAncestralScheduler(c);
    if (c.name == "dpm-solver++-2m") return makeDpmSolverScheduler(c);
    throw InputError("unknown scheduler '" + c.name + "'");
}

}  // namespace restyle::diffusion
