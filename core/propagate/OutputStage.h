#pragma once
// The pipeline's last step before encoding: flicker removal, started over at keyframes and
// cuts, and each frame's metrics (warping error against the previous output carried along
// the flow, the share of pixels the keyframes explain, the engine's time).
#include <opencv2/core.hpp>

#include "propagate/FlowStage.h"
#include "propagate/FrameMetrics.h"
#include "propagate/TemporalSmoother.h"

namespace restyle {

class OutputStage {
  public:
    OutputStage(double temporalStrength, cv::Size frameSize);

    struct Frame {
        cv::Mat image;
        FrameMetrics metrics;
    };
    // The engine's output for `pending`'s frame, in frame order.
    Frame finish(const EngineOutput& out, double ms, const PendingFrame& pending);
    // Continues from a frame another run wrote (RunCarry): flicker removal goes on from it
    // as if this stage had written it.
    void continueFrom(const cv::Mat& written) { smoother_.continueFrom(written); }

  private:
    TemporalSmoother smoother_;
};

}  // namespace restyle
