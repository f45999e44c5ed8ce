#pragma once
// Internal to restyle_core (LibTorch): noise schedules and samplers, one per file behind one
// interface, in the style of diffusers and stable-diffusion.cpp. Latents live in "DDPM space"
// (x_t = sqrt(a_t) x0 + sqrt(1 - a_t) eps) for every scheduler: Euler's sigma space is
// handled inside its step, so callers never need to know which scheduler runs.
#include <memory>
#include <utility>
#include <vector>

#include "diffusion/DiffusionConfig.h"

namespace at {
class Tensor;  // LibTorch stays in the .cpp files (they include torch/script.h)
}

namespace restyle::diffusion {

// Cumulative alpha products of the training schedule: [trainSteps], double.
at::Tensor alphasCumprod(const SchedulerConfig& c);
// Lin et al. 2023, Algorithm 1: shift and scale sqrt(alphas_cumprod) so the last step has
// zero signal-to-noise ratio, keeping the first.
at::Tensor rescaleZeroTerminalSnr(const at::Tensor& alphasCumprod);
// The `steps` timesteps, descending, per the spacing rule.
std::vector<int64_t> spacedTimesteps(const SchedulerConfig& c, int steps);

class Scheduler {
  public:
    explicit Scheduler(const SchedulerConfig& c);
    virtual ~Scheduler() = default;

    // Timesteps for `steps` steps; img2img at `strength` keeps the last strength*steps.
    void setTimesteps(int steps, double strength = 1.0);
    const std::vector<int64_t>& timesteps() const { return timesteps_; }

    // x0 and eps from a model output at timestep t (epsilon or v prediction).
    std::pair<at::Tensor, at::Tensor> predict(const at::Tensor& sample, const at::Tensor& output,
                                              int64_t t) const;
    // A clean latent noised to timestep t (img2img start, latent blending).
    at::Tensor addNoise(const at::Tensor& x0, const at::Tensor& noise, int64_t t) const;
    // The sample at the next timestep; `noise` is used by stochastic samplers.
    virtual at::Tensor step(const at::Tensor& output, size_t index, const at::Tensor& sample,
                            const at::Tensor& noise) = 0;
    virtual bool stochastic() const { return false; }

    double alphaBar(int64_t t) const;  // 1 for t < 0 (the clean end)

  protected:
    SchedulerConfig config_;
    std::vector<double> alphas_;  // alphas_cumprod
    std::vector<int64_t> timesteps_;
};

std::unique_ptr<Scheduler> makeScheduler(const SchedulerConfig& c);

// Classifier-free guidance: uncond + scale * (cond - uncond).
at::Tensor classifierFreeGuidance(const at::Tensor& uncond, const at::Tensor& cond, double scale);

// InstructPix2Pix's two scales (Brooks et al. 2023): from the model's outputs with no
// conditioning, with the image only, and with image and text.
at::Tensor instructPix2PixGuidance(const at::Tensor& uncond, const at::Tensor& image,
                                   const at::Tensor& full, double textScale, double imageScale);

}  // namespace restyle::diffusion
