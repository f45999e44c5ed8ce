#pragma once
// The benchmarks behind `restyle-cli bench`; each prints "name: value unit" lines.
#include <string>

#include "cli/Command.h"

namespace restyle::cli {

// A temporary folder removed at exit of scope.
class TempDir {
  public:
    TempDir();
    ~TempDir();
    std::string path(const std::string& name) const { return dir_ + "/" + name; }

  private:
    std::string dir_;
};

void benchIo(const std::string& clip, const Context& ctx);
void benchFlow(const std::string& clip, const Context& ctx);
void benchPropagate(const std::string& clip, const Context& ctx);
void benchDiffusion(const std::string& model, int side, const std::string& clip,
                    const Context& ctx);

}  // namespace restyle::cli
