#pragma once
// A run's progress in frames, at the rate frames are drawn. An engine that learns (the
// few-shot network before the frames, and again at a new shot's keyframe) reports its
// training phase through here too. That time is not frame time: counted in, a minute of
// training made the time left read 36 minutes for a run that took two. Reports come from the
// engine's threads and the output thread.
#include <chrono>
#include <functional>
#include <mutex>
#include <optional>

#include "common/Progress.h"

namespace restyle {

class RunProgress {
  public:
    using Clock = std::function<double()>;  // seconds, steady
    // `frames`: the run's frames (the lead-in is work too). `now`: for tests.
    RunProgress(int64_t frames, ProgressCallback progress, Clock now = steadySeconds);

    // Frames done so far; never fewer than reported before (a diffusion batch reports its
    // work while it samples, and its frames are counted again as they come out).
    void framesDone(int64_t frames);
    // The callback for the engine's own phases ("training"), passed on as they are.
    ProgressCallback engineCallback();

    static double steadySeconds();

  private:
    Progress frameProgress(double now) const;

    int64_t total_;
    ProgressCallback progress_;
    Clock now_;
    double start_;
    std::mutex mutex_;
    int64_t done_ = 0;
    double excluded_ = 0;                  // seconds of training so far
    std::optional<double> trainingSince_;  // a training phase reported since the last frames
};

}  // namespace restyle
