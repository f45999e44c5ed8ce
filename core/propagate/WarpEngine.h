#pragma once
#include <memory>
#include <nlohmann/json.hpp>

#include "propagate/ChainedAnchor.h"
#include "propagate/FillSteadier.h"
#include "propagate/NewContentFill.h"
#include "propagate/PropagationEngine.h"
#include "propagate/Reliability.h"

namespace restyle {

// The weight-free engine. Each pixel comes from, in order of trust:
//  1. the keyframes' edits warped along the flow, the one before and the one after blended
//     by temporal distance and reliability (Reliability.h: flow consistency *and* agreement
//     of the warped keyframe source with the frame, so flat static walls keep their paint);
//  2. content neither keyframe explains (revealed background, newcomers) takes the fill
//     (NewContentFill), carried along the flow between re-anchors so it stays steady; only
//     filled pixels are carried, never keyframe paint, so nothing of a stroke leaks;
//  3. where the carry fails (people walking), the fresh fill is steadied by the previous
//     output one flow step on (FillSteadier).
// Seams are feathered.
class WarpEngine : public PropagationEngine {
  public:
    struct Settings {
        double featherSigma = 2.0;    // px: softness of seams between sources
        int reanchorInterval = 8;     // frames between re-anchors of the carried fill
        double fillSteadiness = 0.3;  // share of the previous output in a steadied fresh fill
        // How closely a warp must agree with the frame to be kept. Lower levels give more
        // pixels to the fill: with the style-net fill on vtest.avi (one network, changed
        // pixels) 14/7 gave 19.79 dB at 8.3 fps, 10/5 19.96 dB at 7.5, 7/4 20.02 dB at 4.9.
        ReliabilitySettings reliability;

        // "feather" (px), "reanchor" (frames), "fill_steadiness", and "agree" and "close"
        // (grey levels, ReliabilitySettings) of engine settings.
        static Settings fromJson(const nlohmann::json& engineSettings);
    };
    explicit WarpEngine(Settings settings);
    std::string name() const override { return "warp"; }
    std::vector<EngineOutput> push(const FrameContext& frame) override;

    // The fill for new content (createDefaultFill() unless set). The pipeline sets it.
    void setFill(std::shared_ptr<NewContentFill> fill) { fill_ = std::move(fill); }
    const std::shared_ptr<NewContentFill>& fill() const { return fill_; }

  private:
    // Blend weight of a keyframe warp: 0 on unexplained pixels, feathered into the rest.
    cv::Mat keyWeight(const cv::Mat& unexplained) const;
    cv::Mat fillNewContent(const FrameContext& f, const ResolvedKeyframe& key, const cv::Mat& keyed,
                           const cv::Mat& newContent);

    Settings settings_;
    std::shared_ptr<NewContentFill> fill_;
    ChainedAnchor carried_;
    FillSteadier steadier_;
    int64_t fillKey_ = -1;
};

}  // namespace restyle
