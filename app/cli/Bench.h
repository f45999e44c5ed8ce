#pragma once
// The benchmarks behind `restyle-cli bench`; each prints "name: value unit" lines.
#include <string>

#include "cli/Command.h"
#include "common/TempDir.h"

namespace restyle::cli {

void benchIo(const std::string& clip, const Context& ctx);
void benchFlow(const std::string& clip, const Context& ctx);
void benchPropagate(const std::string& clip, const Context& ctx);
void benchQuality(const std::string& clip, const Context& ctx);
struct DiffusionBenchOptions {
    std::string model, controlnet, clip;
    int side = 512, steps = 20;
    int frames = 0;  // > 0: also the engine end to end on a clip of this many frames
};
void benchDiffusion(const DiffusionBenchOptions& options, const Context& ctx);

}  // namespace restyle::cli
