#pragma once
// Engine "fewshot" (Texler et al. 2020): every frame drawn by the few-shot style network
// learned from the keyframe pairs, blended with the previous output carried along the
// frame-to-frame flow where that step explains the frame (FillSteadier: consistent flow and
// matching sources, so a moving person does not drag last frame's look), for temporal
// stability. Keyframes are their own edits. Uses only frame-to-frame flow.
#include <memory>
#include <set>

#include "common/Progress.h"
#include "propagate/ChangedRegionStyler.h"
#include "propagate/FillSteadier.h"
#include "propagate/PropagationEngine.h"
#include "style/LearnKeyframeStyle.h"

namespace restyle {

class FewShotEngine : public PropagationEngine {
  public:
    struct Settings {
        // Weight of the carried previous output where the step holds (0-1). vtest.avi, one
        // network, 200 frames (changed pixels, warping error against the per-frame look):
        // 0: 19.74 dB, 0.50x; 0.25: 19.71 dB, 0.42x; 0.35: 19.63, 0.39x; 0.5: 19.43, 0.36x.
        // Carrying more steadies the look but blurs new content along repeated warps.
        double blend = 0.25;
        StyleLearnSettings learn;
        static Settings fromJson(const nlohmann::json& j);
    };
    explicit FewShotEngine(Settings settings);
    std::string name() const override { return "fewshot"; }
    bool usesAnchorFlow() const override { return false; }
    std::vector<EngineOutput> push(const FrameContext& frame) override;
    double modelSeconds() const override { return modelSeconds_; }
    void prepare(const std::vector<ResolvedKeyframe>& keys, const ProgressCallback& progress,
                 std::stop_token stop) override;

    // The training phase: learns from every keyframe before the run (the pipeline calls it
    // with all keyframes; otherwise push() trains on the keyframes it is shown).
    void train(const std::vector<const ResolvedKeyframe*>& keys, const ProgressCallback& progress,
               std::stop_token stop);
    const StyleLearnLog& trainingLog() const { return log_; }

  private:
    Settings settings_;
    std::shared_ptr<KeyframeStyleNet> net_;
    std::set<int64_t> trainedOn_;
    StyleLearnLog log_;
    // The run's progress, for training at a new shot's keyframe mid-run; its loss steps go on
    // from the trainings before.
    ProgressCallback runProgress_;
    int64_t stepsBefore_ = 0, lastStep_ = -1;
    FillSteadier steadier_;
    ChangedRegionStyler styler_;  // redraws only what changed since the last frames
    double modelSeconds_ = 0;
};

}  // namespace restyle
