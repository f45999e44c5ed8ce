#pragma once
// Opt-in stage timing: with RESTYLE_PROFILE=1 in the environment, each ScopedTimer adds its
// time to a named total, and the totals are printed to stderr when the process exits.
#include <chrono>

namespace restyle {

bool profilingEnabled();
void addProfileTime(const char* name, double ms);

class ScopedTimer {
  public:
    explicit ScopedTimer(const char* name)
        : name_(profilingEnabled() ? name : nullptr), start_(std::chrono::steady_clock::now()) {}
    ~ScopedTimer() {
        if (name_)
            addProfileTime(name_, std::chrono::duration<double, std::milli>(
                                      std::chrono::steady_clock::now() - start_)
                                      .count());
    }

  private:
    const char* name_;
    std::chrono::steady_clock::time_point start_;
};

}  // namespace restyle
