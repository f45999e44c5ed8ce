#pragma once
// Propagation strategies: turn each source frame, with its flows and keyframes, into the
// restyled frame. Engines may hold frames back (a diffusion batch) and return them later,
// always in order. Chosen by name: createPropagationEngine().
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <opencv2/core.hpp>
#include <stop_token>
#include <string>
#include <vector>

#include "common/Progress.h"
#include "flow/FlowTracker.h"
#include "propagate/Keyframe.h"

namespace restyle {

struct FrameContext {
    int64_t index = 0;
    cv::Mat source;  // BGR at the processing size
    // The keyframe at or before this frame (null before the first keyframe), and the flows
    // from this frame to it (plus frame-to-frame flows to the previous frame).
    const ResolvedKeyframe* previousKey = nullptr;
    AnchorFlow flow;
    // The next keyframe (null after the last), its edit warped to this frame and where that
    // warp cannot be trusted (255), from the backward pass.
    const ResolvedKeyframe* nextKey = nullptr;
    cv::Mat nextWarped;
    cv::Mat nextUnreliable;
    std::stop_token stop;    // long engines (diffusion) check it between steps
    bool shotStart = false;  // a cut or fade boundary before this frame: nothing carries over
    // Long engines report their progress from any thread: frames' worth of work done since
    // their first frame (fractional), returned or not.
    std::function<void(double frames)> onWork;
};

struct EngineOutput {
    int64_t index = 0;
    cv::Mat image;
    double reliableShare = 1.0;  // share of pixels the keyframes explain
};

class PropagationEngine {
  public:
    virtual ~PropagationEngine() = default;
    virtual std::string name() const = 0;
    // The next frame, in order; returns the frames finished so far (possibly none).
    virtual std::vector<EngineOutput> push(const FrameContext& frame) = 0;
    // At the end of the clip, the frames still held back, in order, possibly in parts (a
    // diffusion batch's frames are written while the next batch samples): called until it
    // returns none.
    virtual std::vector<EngineOutput> finish() { return {}; }
    // Seconds spent in model calls so far (0 for weight-free engines): lets benchmarks
    // separate the pipeline's own overhead.
    virtual double modelSeconds() const { return 0.0; }
    // Frames the engine holds back before it returns any (a diffusion batch). The flow stage
    // may run that far ahead, so that its work for the next batch overlaps the engine's long
    // model calls on this one instead of starting after them.
    virtual int framesHeldBack() const { return 0; }
    // Whether the engine uses the flows to the keyframe (FrameContext::flow.toAnchor); when
    // not, the pipeline tracks frame-to-frame steps only, which costs half the flow.
    virtual bool usesAnchorFlow() const { return true; }
    // Whether the engine reads the next keyframe (FrameContext::nextKey, nextWarped); when
    // not, the pipeline skips the backward pass that warps it back along the stretch.
    virtual bool usesNextKeyframe() const { return true; }
    // Work before the first frame, given every keyframe: the fewshot engine (and the warp
    // engine's style-net fill) learn the keyframes' look here. Progress is phase "training".
    virtual void prepare(const std::vector<ResolvedKeyframe>& /*keys*/,
                         const ProgressCallback& /*progress*/, std::stop_token /*stop*/) {}
    // State beyond the last output that a run continuing this one needs (RunCarry), and
    // taking it back before the first frame: the diffusion engine's colour target.
    virtual nlohmann::json carryState() const { return nlohmann::json::object(); }
    virtual void continueFrom(const nlohmann::json& /*state*/) {}
};

// "warp" (built in); "fewshot" (learns the keyframes' look); "diffusion" with a model. `settings` are the engine's own options.
std::unique_ptr<PropagationEngine> createPropagationEngine(const std::string& name,
                                                           const nlohmann::json& settings);
std::vector<std::string> propagationEngines();

}  // namespace restyle
