#pragma once
// The pipeline's flow stage, one frame at a time on its own thread, a frame ahead of the
// engine: optical flow from the keyframe (frame to frame before there is one), which
// keyframes come before and after each frame (a shot cut starts from a keyframe of its own:
// the user's, or one made for it), and the backward pass that warps the next keyframe back
// to each frame of the stretch before it.
#include <deque>
#include <memory>
#include <opencv2/core.hpp>
#include <stop_token>
#include <string>
#include <vector>

#include "propagate/Pipeline.h"
#include "propagate/PropagationEngine.h"

namespace restyle {

class BackwardPass;
class FlowTracker;
struct VideoFrame;

// What the output stage needs of a frame the engine may return later.
struct PendingFrame {
    int64_t index = 0;
    double seconds = 0;
    bool restartsSmoothing = false;  // a keyframe or a new shot: flicker removal starts over
    cv::Mat toPrevious, previousUnreliable;
    double exposureStep = 1.0;  // the source's brightness change since the previous frame
    // A cut or fade boundary before this frame: no temporal error against the previous shot.
    bool shotStart = false;
};

struct StagedFrame {
    FrameContext ctx;
    PendingFrame pending;
};

class FlowStage {
  public:
    // `keys` and `warnings` outlive the stage. Contexts point into `keys` and into the shot
    // keyframes the stage makes, which live as long as the stage: the engine must be done
    // with every frame before it goes.
    // What the flows are for comes from `engine`: anchor flows, or steps only; the backward
    // pass (the next keyframe warped back) only for an engine that blends toward it.
    FlowStage(const std::string& clip, const PropagationSettings& settings,
              const std::vector<ResolvedKeyframe>& keys, const PropagationEngine& engine,
              std::vector<std::string>& warnings);
    ~FlowStage();
    FlowStage(const FlowStage&) = delete;
    FlowStage& operator=(const FlowStage&) = delete;

    // The next decoded frame, in order; `shotStart`: a cut or fade boundary before it.
    StagedFrame process(const VideoFrame& frame, bool shotStart, std::stop_token halt);

  private:
    const ResolvedKeyframe* userKeyAt(int64_t t) const;
    const ResolvedKeyframe* userKeyAfter(int64_t t) const;
    const ResolvedKeyframe* makeShotKey(const cv::Mat& frame, int64_t t);

    std::string clip_;
    const PropagationSettings& settings_;
    const std::vector<ResolvedKeyframe>& keys_;
    std::vector<std::string>& warnings_;
    std::unique_ptr<FlowTracker> tracker_;
    bool backwardPass_;
    std::unique_ptr<BackwardPass> backward_;  // made at the first stretch with a next keyframe
    std::deque<ResolvedKeyframe> shotKeys_;   // made at shots without a keyframe
    const ResolvedKeyframe* previousKey_ = nullptr;
    const ResolvedKeyframe* nextKey_ = nullptr;
    bool firstFrame_ = true;
    cv::Mat previousSource_;  // for the exposure step
};

}  // namespace restyle
