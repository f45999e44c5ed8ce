#pragma once
// The FlowVid recipe (arXiv 2312.17681) on native SD 1.x checkpoints. Frames are buffered
// in batches: every k-th frame is a diffusion keyframe, generated F-1 at a time together with
// the batch's first frame, which is the previous batch's last output (autoregressive, so memory
// is bounded by one batch however long the clip). Each keyframe starts from the batch anchor's
// edit warped to it along the flow, occluded pixels filled grey (img2img at `strength`), is
// held to that warp where it is reliable during the first `blend` share of the steps, and
// keeps the frame's structure through a ControlNet (canny edges, or depth from a depth network)
// when one is given. The batch's self-attention is cross-frame: every keyframe attends to the
// carried frame (the anchor, re-noised to each step), its previous keyframe and itself.
// The frames between keyframes come from occlusion-aware bidirectional flow interpolation of
// the two keyframes around them. Outputs can be colour-calibrated to the edited first frame.
#include <future>
#include <memory>
#include <optional>

#include "edit/ColorStats.h"
#include "propagate/BatchInterpolation.h"
#include "propagate/ChainedAnchor.h"
#include "propagate/PropagationEngine.h"

namespace restyle {

namespace diffusion {
class SdModel;
class DepthControl;
}  // namespace diffusion

class DiffusionEngine : public PropagationEngine {
  public:
    struct Settings {
        std::string model;              // checkpoint or manifest (path or name)
        std::string controlnet;         // ControlNet checkpoint (overrides the manifest's)
        std::string control = "canny";  // canny or depth (needs depthModel)
        std::string depthModel;         // manifest of kind depth (TorchScript)
        std::string device = "auto";
        int keyframeInterval = 4;  // k
        int batch = 16;            // F: keyframes per batch, the first carried over
        double strength = 0.6;
        int steps = 0;  // 0: the manifest's default
        double guidance = 7.5;
        double blend = 0.5;
        double controlScale = 1.0;
        std::string prompt, negative = "blurry, low quality, flicker";
        uint64_t seed = 0;
        bool calibrateColor = true;
        static Settings fromJson(const nlohmann::json& j);
    };
    explicit DiffusionEngine(const Settings& settings);
    ~DiffusionEngine() override;
    std::string name() const override { return "diffusion"; }
    std::vector<EngineOutput> push(const FrameContext& frame) override;
    // The previous batch's frames if not taken yet, else the last batch's: call until empty.
    std::vector<EngineOutput> finish() override;
    double modelSeconds() const override { return samplingSeconds_; }
    int framesHeldBack() const override {
        return (settings_.batch - 1) * settings_.keyframeInterval;
    }
    bool usesAnchorFlow() const override { return false; }  // it chains its own anchors
    bool usesNextKeyframe() const override { return false; }  // batches run forward only
    // The colour target (the edited first frame's Lab statistics), which a run continuing
    // this one from its last batch must calibrate to as well.
    nlohmann::json carryState() const override;
    void continueFrom(const nlohmann::json& state) override;

  private:
    // Samples the buffered batch's keyframes (planning the frames between them meanwhile)
    // and starts interpolating those frames on a worker; returns the previous batch's frames
    // if they were not taken yet.
    // `awaited`: the caller takes this batch's frames at once (a user keyframe or the end of
    // the clip), so nothing samples beside the worker and it uses every core.
    std::vector<EngineOutput> generate(bool awaited = false);
    // The batch being interpolated, once done (none: empty).
    std::vector<EngineOutput> takeInterpolated();
    bool batchFull() const;
    bool interpolationDone() const;
    static void append(std::vector<EngineOutput>& out, std::vector<EngineOutput> more);

    Settings settings_;
    cv::Mat controlImage(const cv::Mat& source) const;

    std::shared_ptr<diffusion::SdModel> model_;
    std::unique_ptr<diffusion::DepthControl> depth_;
    std::vector<BufferedFrame> pending_;
    ChainedAnchor anchor_;
    cv::Mat lastOutput_, lastSource_;
    int64_t lastIndex_ = -1;
    LabStats target_;
    std::optional<LabStats> carriedTarget_;  // from continueFrom, for the first keyframe
    std::stop_token stop_;
    std::function<void(double)> onWork_;
    double samplingSeconds_ = 0;
    size_t interpolatingFrames_ = 0;
    // Declared last, so that destruction waits for the worker before the rest goes.
    std::future<std::vector<EngineOutput>> interpolating_;
};

}  // namespace restyle
