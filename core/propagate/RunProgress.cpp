#include "propagate/RunProgress.h"

#include <algorithm>

namespace restyle {

double RunProgress::steadySeconds() {
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

RunProgress::RunProgress(int64_t frames, ProgressCallback progress, Clock now)
    : total_(frames), progress_(std::move(progress)), now_(std::move(now)), start_(now_()) {}

Progress RunProgress::frameProgress(double now) const {
    Progress p;
    p.done = done_;
    p.total = total_;
    const double drawing = now - start_ - excluded_;
    if (drawing > 0 && done_ > 0) {
        p.fps = double(done_) / drawing;
        if (total_ > 0) p.secondsLeft = double(total_ - done_) / p.fps;
    }
    return p;
}

void RunProgress::framesDone(int64_t frames) {
    std::lock_guard lock(mutex_);
    const double now = now_();
    // Frames again after a training phase: it ended (at the latest) now.
    if (trainingSince_) excluded_ += now - *trainingSince_, trainingSince_.reset();
    done_ = std::max(done_, frames);
    if (progress_) progress_(frameProgress(now));
}

ProgressCallback RunProgress::engineCallback() {
    return [this](const Progress& p) {
        {
            std::lock_guard lock(mutex_);
            if (p.phase == "training" && !trainingSince_) trainingSince_ = now_();
        }
        if (progress_) progress_(p);
    };
}

}  // namespace restyle
