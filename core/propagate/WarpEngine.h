#pragma once
#include <map>

#include "edit/ColorStats.h"
#include "propagate/ChainedAnchor.h"
#include "propagate/PropagationEngine.h"

namespace restyle {

// The weight-free engine. Each pixel comes from, in order of trust:
//  1. the keyframes' edits warped along the flow, the one before and the one after blended
//     by temporal distance and reliability;
//  2. where they cannot be trusted, the engine's own output of a few frames ago (a secondary
//     anchor, re-taken every `reanchorInterval` frames) carried along the flow, so a region
//     filled once stays steady without being resampled every frame;
//  3. where that is new too, a fresh fill in the style: the keyframe's editor re-applied to
//     the source there, or, for a painted keyframe, the source moved to its colours.
// Seams between the three are feathered.
class WarpEngine : public PropagationEngine {
  public:
    struct Settings {
        double featherSigma = 2.0;  // px: softness of seams between sources
        int reanchorInterval = 8;   // frames between secondary anchors
    };
    explicit WarpEngine(Settings settings);
    std::string name() const override { return "warp"; }
    std::vector<EngineOutput> push(const FrameContext& frame) override;

  private:
    cv::Mat freshFill(const FrameContext& f, const ResolvedKeyframe& key, const cv::Mat& need,
                      const cv::Mat& fallback);
    cv::Mat softReliable(const cv::Mat& unreliable) const;

    Settings settings_;
    ChainedAnchor secondary_;
    std::map<int64_t, LabStats> keyStats_;  // per painted keyframe
};

}  // namespace restyle
