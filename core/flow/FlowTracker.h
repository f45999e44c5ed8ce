#pragma once
// Flow from an anchor frame (the edited first frame, or a keyframe) to each following frame,
// the way FlowVid uses it. Streams: holds the anchor, the previous frame and their flows,
// never the clip.
#include <memory>
#include <opencv2/core.hpp>
#include <string>

#include "flow/FlowPair.h"
#include "flow/Occlusion.h"

namespace restyle {

enum class FlowMode {
    Direct,          // anchor <-> t estimated directly: fails on large displacements
    Chained,         // frame-to-frame flows composed: drifts slowly, never loses track
    ChainedRefined,  // the chained flow refined by a direct pass that starts from it
};

FlowMode parseFlowMode(const std::string& name);  // "direct", "chained", "chained-refined"
std::string flowModeName(FlowMode mode);

struct FlowSettings {
    std::string method = "dis-fast";
    FlowMode mode = FlowMode::ChainedRefined;
    OcclusionSettings occlusion;
    // Fuse the anchor flows with the camera's motion (GlobalMotion.h).
    bool fuseCameraMotion = true;
    std::string device = "auto";  // for model-based engines
    // A stable text of everything that changes the flow: part of the cache key.
    std::string cacheText() const;
};

struct AnchorFlow {
    cv::Mat toAnchor;            // flow from frame t to the anchor: warpImage(anchorEdit, toAnchor)
    cv::Mat fromAnchor;          // flow from the anchor to frame t
    cv::Mat unreliable;          // CV_8U, 255 where frame t's pixel is not seen in the anchor
    cv::Mat toPrevious;          // flow from frame t to frame t-1 (when steps are tracked)
    cv::Mat fromPrevious;        // flow from frame t-1 to frame t
    cv::Mat previousUnreliable;  // 255 where frame t's pixel is not seen in frame t-1
};

class FlowTracker {
  public:
    // `trackSteps`: also give frame-to-frame flows (toPrevious) in Direct mode. `anchors`
    // false: the steps only, for engines that chain their own anchors (the anchor fields of
    // track()'s AnchorFlow stay empty), which saves composing, refining and fusing them.
    explicit FlowTracker(const FlowSettings& settings, bool trackSteps = false,
                         bool anchors = true);
    ~FlowTracker();

    // Starts over from `anchor`; the anchor's own AnchorFlow is the identity.
    AnchorFlow setAnchor(const cv::Mat& anchor);
    // The next frame after the previous one given (or the anchor).
    AnchorFlow track(const cv::Mat& frame);
    // As track(), but with the anchor flows already known (from a cache): only updates the
    // state, and computes step flows if tracked.
    AnchorFlow trackKnown(const cv::Mat& frame, const cv::Mat& toAnchor, const cv::Mat& fromAnchor);

    FlowPairEngine& engines() { return engines_; }

  private:
    AnchorFlow finish(const cv::Mat& frame, cv::Mat toAnchor, cv::Mat fromAnchor, cv::Mat fwdStep,
                      cv::Mat bwdStep);

    FlowSettings settings_;
    FlowPairEngine engines_;
    bool trackSteps_, anchors_;
    cv::Mat anchor_, previous_;
    cv::Mat toAnchorPrev_, fromAnchorPrev_;
};

}  // namespace restyle
