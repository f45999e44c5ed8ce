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
// A batch samples on a worker while the next batch's frames are buffered (their flows chained
// to its last frame) and the previous batch's are interpolated and written: after the first
// batch, the model waits only for its previous batch and for the next request (the keyframes'
// warps of that batch's output and their control images). The first batch after a keyframe
// asks the model as it is buffered (KeyframeRequest.h), and the last comes out keyframe by
// keyframe as the model decodes them: the reading and flowing before the model's first call,
// and the writing after its last, hide behind model calls as well.
#include <future>
#include <map>
#include <memory>
#include <optional>

#include "edit/ColorStats.h"
#include "propagate/BatchInterpolation.h"
#include "propagate/ChainedAnchor.h"
#include "propagate/DecodedKeyframes.h"
#include "propagate/KeyframeRequest.h"
#include "propagate/PropagationEngine.h"

namespace restyle {

namespace diffusion {
class SdModel;
class DepthControl;
struct SampleRequest;
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
    // The batches still in flight and then the last one, one batch a call: call until empty.
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
    struct Sampled {
        std::vector<cv::Mat> images;  // the keyframes, colour-calibrated
        double seconds = 0;
    };
    // Completes the buffered batch's keyframes from the previous batch's output (waiting for
    // its sampling) and starts sampling them on a worker, planning the frames between them
    // on another; the next frames are buffered meanwhile. Returns frames taken on the way.
    std::vector<EngineOutput> startSampling();
    // The buffered keyframes' request (`keys`: positions in pending_); `encoded` gets each
    // keyframe's encoding ahead (invalid where there is none).
    diffusion::SampleRequest request(
        const std::vector<size_t>& keys, int64_t doneBefore,
        std::vector<std::shared_future<EncodedKeyframe>>& encoded) const;
    // Keyframe `i` of pending_ asks the model now, while the rest of its batch is buffered.
    void prepareAhead(size_t i);
    // Waits for the batch sampling, if any: its last output becomes the next anchor and its
    // frames are interpolated on a worker (`allCores`: nothing samples beside it). Returns
    // the batch interpolated before, if it had to be taken first.
    std::vector<EngineOutput> collectSampled(bool allCores);
    // The oldest batch in flight, waited for (none in flight: empty); a batch still sampling
    // comes a keyframe's stretch a call (streamSampled).
    std::vector<EngineOutput> nextBatch();
    // The sampling batch's frames up to its next keyframe, once the model has decoded that
    // keyframe: when nothing else is left to hide it, the frames before it are interpolated
    // and written while the model decodes the rest.
    std::vector<EngineOutput> streamSampled();
    // The batch's plans, once planned (then its step flows are released).
    void takePlans(FinishedBatch& batch);
    // What is done by now, without waiting.
    std::vector<EngineOutput> readyFrames();
    std::vector<EngineOutput> takeInterpolated();
    bool batchFull() const;
    static void append(std::vector<EngineOutput>& out, std::vector<EngineOutput> more);
    cv::Mat controlImage(const cv::Mat& source) const;
    std::function<cv::Mat(const cv::Mat&)> control() const;

    Settings settings_;
    std::shared_ptr<diffusion::SdModel> model_;
    std::unique_ptr<diffusion::DepthControl> depth_;
    std::vector<BufferedFrame> pending_;
    // Follows the buffered frames from the batch's first frame, the carried one (its source:
    // its output is still sampling while the frames after it are buffered).
    ChainedAnchor anchor_;
    // The carried frame (lastOutput_ once sampled); none before the first keyframe.
    cv::Mat lastOutput_, lastSource_;
    // Whether lastOutput_ is the buffered batch's anchor already (a keyframe's edit, not a
    // batch still sampling): its keyframes are then prepared and encoded as they come.
    bool anchorKnown_ = false;
    std::map<size_t, KeyframeRequest> prepared_;  // by position in pending_
    LabStats target_;
    std::optional<LabStats> carriedTarget_;  // from continueFrom, for the first keyframe
    std::stop_token stop_;
    std::function<void(double)> onWork_;
    double samplingSeconds_ = 0;
    int64_t accepted_ = 0;  // frames pushed (a user keyframe once the batch before it is out)
    // Declared last, so that destruction waits for the workers before the rest goes: the
    // batch sampling (with its plan) and the batch before it, interpolating.
    std::unique_ptr<KeyframeEncoder> encoder_;
    std::shared_ptr<FinishedBatch> sampledBatch_;
    std::shared_ptr<DecodedKeyframes> decoded_;  // the sampling batch's, as they come
    std::shared_ptr<FinishedBatch> streaming_;   // the batch streamSampled() is giving out
    size_t streamedKeys_ = 0;
    std::future<std::vector<InterpolationPlan>> planning_;
    std::future<Sampled> sampling_;
    std::future<std::vector<EngineOutput>> interpolating_;
};

}  // namespace restyle
