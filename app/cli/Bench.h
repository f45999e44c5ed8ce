#pragma once
// The benchmarks behind `restyle-cli bench`; each prints "name: value unit" lines.
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

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
struct BenchStyleOptions {
    int start = 0;  // the keyframe: the first frame of the range
    int frames = 200;
    int side = 512;
    std::string editor = "cartoon";
    std::vector<std::string> engines{"fewshot", "warp+style-net", "warp"};
    nlohmann::json engineSettings = nlohmann::json::object();
};
void benchStyle(const std::string& clip, const BenchStyleOptions& options, const Context& ctx);

}  // namespace restyle::cli
