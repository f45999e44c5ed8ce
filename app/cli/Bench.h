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
void benchDiffusion(const std::string& model, int side, const std::string& clip,
                    const Context& ctx);

}  // namespace restyle::cli
