#include "propagate/OutputStage.h"

#include <algorithm>

#include "common/Profile.h"
#include "flow/Warp.h"

namespace restyle {

// Detail finer than 3% of the frame (at least 4 px) is kept as the engine made it.
OutputStage::OutputStage(double temporalStrength, cv::Size frameSize)
    : smoother_(temporalStrength,
                std::max(4.0, 0.03 * std::max(frameSize.width, frameSize.height))) {}

OutputStage::Frame OutputStage::finish(const EngineOutput& out, double ms, const PendingFrame& p) {
    ScopedTimer timer("pipeline.temporal+metrics");
    Frame f;
    f.metrics.frame = p.index;
    f.metrics.reliableShare = out.reliableShare;
    f.metrics.ms = ms;
    cv::Mat previousWarped;  // the previous output warped to this frame
    if (p.restartsSmoothing) {
        if (!smoother_.previous().empty() && !p.toPrevious.empty())
            previousWarped = warpImage(smoother_.previous(), p.toPrevious);
        smoother_.reset();
        f.image = smoother_.apply(out.image, cv::Mat(), cv::Mat());
    } else {
        f.image = smoother_.apply(out.image, p.toPrevious, p.previousUnreliable, p.exposureStep);
        previousWarped = smoother_.previousWarped();  // the smoother's own warp
    }
    // Across a cut the previous frame is another picture: its difference is not flicker.
    if (!previousWarped.empty() && !p.shotStart)
        f.metrics.warpError = warpingError(f.image, previousWarped, p.previousUnreliable);
    return f;
}

}  // namespace restyle
