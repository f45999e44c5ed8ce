#include <torch/script.h>

#include "diffusion/detail/Scheduler.h"

namespace restyle::diffusion {

at::Tensor classifierFreeGuidance(const at::Tensor& uncond, const at::Tensor& cond, double scale) {
    return uncond + (cond - uncond) * scale;
}

at::Tensor instructPix2PixGuidance(const at::Tensor& uncond, const at::Tensor& image,
                                   const at::Tensor& full, double textScale, double imageScale) {
    return uncond + (image - uncond) * imageScale + (full - image) * textScale;
}

}  // namespace restyle::diffusion
