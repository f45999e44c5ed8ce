#pragma once
// Progress reporting and cancellation passed per call: core never owns a UI or a thread.
#include <chrono>
#include <cstdint>
#include <functional>
#include <stop_token>
#include <string>

#include "common/Error.h"

namespace restyle {

struct Progress {
    int64_t done = 0;
    int64_t total = 0;  // 0 when unknown
    double fps = 0.0;
    double secondsLeft = -1.0;  // negative when unknown
    std::string phase;          // empty: frames; "training": learning the keyframes' look
    // Training only: the latest loss and its step, counted over all keyframes (-1: none yet).
    double loss = -1.0;
    int64_t step = -1;

    double percent() const { return total > 0 ? 100.0 * double(done) / double(total) : 0.0; }
};

using ProgressCallback = std::function<void(const Progress&)>;

inline void throwIfStopped(const std::stop_token& stop) {
    if (stop.stop_requested()) throw CanceledError();
}

// Turns "done of total" counts into a Progress with rate and time left.
class ProgressMeter {
  public:
    explicit ProgressMeter(int64_t total) : total_(total), start_(Clock::now()) {}

    Progress update(int64_t done) const {
        Progress p;
        p.done = done;
        p.total = total_;
        const double elapsed = std::chrono::duration<double>(Clock::now() - start_).count();
        if (elapsed > 0 && done > 0) {
            p.fps = double(done) / elapsed;
            if (total_ > 0) p.secondsLeft = double(total_ - done) / p.fps;
        }
        return p;
    }

  private:
    using Clock = std::chrono::steady_clock;
    int64_t total_;
    Clock::time_point start_;
};

}  // namespace restyle
