#include "propagate/DiffusionEngine.h"

#include <chrono>
#include <cmath>
#include <opencv2/imgproc.hpp>

#include "common/Error.h"
#include "common/Profile.h"
#include "diffusion/DepthControl.h"
#include "diffusion/DiffusionEditor.h"
#include "diffusion/SdModel.h"
#include "flow/Occlusion.h"
#include "flow/Warp.h"
#include "propagate/Photometric.h"

namespace restyle {

DiffusionEngine::Settings DiffusionEngine::Settings::fromJson(const nlohmann::json& j) {
    Settings s;
    try {
        s.model = j.value("model", s.model);
        s.controlnet = j.value("controlnet", s.controlnet);
        s.control = j.value("control", s.control);
        s.depthModel = j.value("depth_model", s.depthModel);
        s.device = j.value("device", s.device);
        s.keyframeInterval = j.value("keyframe_interval", s.keyframeInterval);
        s.batch = j.value("batch", s.batch);
        s.strength = j.value("strength", s.strength);
        s.steps = j.value("steps", s.steps);
        s.guidance = j.value("guidance", s.guidance);
        s.blend = j.value("blend", s.blend);
        s.controlScale = j.value("control_scale", s.controlScale);
        s.prompt = j.value("prompt", s.prompt);
        s.negative = j.value("negative_prompt", s.negative);
        s.seed = j.value("seed", s.seed);
        s.calibrateColor = j.value("calibrate_color", s.calibrateColor);
    } catch (const nlohmann::json::exception& e) {
        throw InputError(std::string("diffusion engine settings: ") + e.what());
    }
    if (s.model.empty()) throw InputError("engine diffusion needs a model (--model CHECKPOINT)");
    if (s.control != "canny" && s.control != "depth")
        throw InputError("diffusion engine: control \"" + s.control + "\" is not canny or depth");
    if (s.control == "depth" && s.depthModel.empty())
        throw InputError("diffusion engine: depth control needs a depth model (--depth-model)");
    // Written so that NaN fails: every comparison with NaN is false.
    if (s.keyframeInterval < 1 || s.batch < 2 || !(s.strength > 0 && s.strength <= 1) ||
        !(s.blend >= 0 && s.blend <= 1) || s.steps < 0 || !(s.guidance >= 0 && s.guidance <= 100) ||
        !std::isfinite(s.controlScale))
        throw InputError(
            "diffusion engine: keyframe interval >= 1, batch >= 2, strength in (0, 1], "
            "blend in [0, 1], steps >= 0, guidance in [0, 100]");
    return s;
}

DiffusionEngine::DiffusionEngine(const Settings& s) : settings_(s) {
    model_ = diffusion::SdModel::load(s.model, s.controlnet, s.device);
    if (model_->kind() == "instruct-pix2pix")
        throw InputError(s.model +
                         ": an InstructPix2Pix model edits keyframes; the diffusion engine needs "
                         "an SD 1.x checkpoint");
    if (s.control == "depth" && model_->hasControlNet())
        depth_ = std::make_unique<diffusion::DepthControl>(s.depthModel, s.device);
}

cv::Mat DiffusionEngine::controlImage(const cv::Mat& source) const {
    return depth_ ? (*depth_)(source) : cannyControl(source);
}

DiffusionEngine::~DiffusionEngine() = default;

std::vector<EngineOutput> DiffusionEngine::push(const FrameContext& f) {
    stop_ = f.stop;
    onWork_ = f.onWork;
    // A batch the previous frame filled samples now, after its previous batch came out.
    std::vector<EngineOutput> out = batchFull() ? generate() : std::vector<EngineOutput>{};
    if (f.previousKey && f.previousKey->frame == f.index) {
        append(out, generate(true));  // a user keyframe ends the batch before it
        append(out, takeInterpolated());
        lastOutput_ = f.previousKey->edited.clone();
        lastSource_ = f.source.clone();
        lastIndex_ = f.index;
        anchor_.reset(lastOutput_, f.source);
        target_ = carriedTarget_ ? *carriedTarget_ : labStats(lastOutput_);
        carriedTarget_.reset();
        out.push_back({f.index, lastOutput_, 1.0});
        return out;
    }
    if (lastIndex_ < 0)
        throw InputError("engine diffusion: the first frame processed must be a keyframe");
    ScopedTimer timer("diffusion.buffer-frame");
    anchor_.step(f.flow.toPrevious, f.flow.fromPrevious);
    pending_.push_back({f.index, f.source, f.flow.toPrevious, f.flow.fromPrevious, {}, {}});
    // The anchor's warp and reliability are needed at keyframes only (every k-th frame; the
    // last buffered frame is completed in generate(), where the anchor still stands on it).
    if (pending_.size() % size_t(settings_.keyframeInterval) == 0) {
        pending_.back().warped = anchor_.warped();
        pending_.back().unreliable = anchor_.unreliable(f.source);
    }
    // The previous batch's frames go out as soon as they are interpolated, and at the latest
    // before this batch samples (at the next call): they are written meanwhile.
    if (batchFull() || interpolationDone()) append(out, takeInterpolated());
    return out;
}

bool DiffusionEngine::batchFull() const {
    return pending_.size() >= size_t((settings_.batch - 1) * settings_.keyframeInterval);
}

bool DiffusionEngine::interpolationDone() const {
    return interpolating_.valid() &&
           interpolating_.wait_for(std::chrono::seconds(0)) == std::future_status::ready;
}

void DiffusionEngine::append(std::vector<EngineOutput>& out, std::vector<EngineOutput> more) {
    for (auto& o : more)
        out.push_back(std::move(o));
}

nlohmann::json DiffusionEngine::carryState() const {
    auto vec = [](const cv::Vec3d& v) { return nlohmann::json{v[0], v[1], v[2]}; };
    return {{"color_target", {{"mean", vec(target_.mean)}, {"stddev", vec(target_.stddev)}}}};
}

void DiffusionEngine::continueFrom(const nlohmann::json& state) {
    try {
        const auto& t = state.at("color_target");
        LabStats s;
        for (int c = 0; c < 3; ++c) {
            s.mean[c] = t.at("mean").at(c).get<double>();
            s.stddev[c] = t.at("stddev").at(c).get<double>();
        }
        carriedTarget_ = s;
    } catch (const nlohmann::json::exception& e) {
        throw InputError(std::string("diffusion engine: the carried state has no colour target (") +
                         e.what() + ")");
    }
}

std::vector<EngineOutput> DiffusionEngine::finish() {
    // The previous batch first, so that it is written while the last one samples.
    if (interpolating_.valid()) return takeInterpolated();
    std::vector<EngineOutput> out = generate(true);
    append(out, takeInterpolated());
    return out;
}

std::vector<EngineOutput> DiffusionEngine::takeInterpolated() {
    interpolatingFrames_ = 0;
    return interpolating_.valid() ? interpolating_.get() : std::vector<EngineOutput>{};
}

std::vector<EngineOutput> DiffusionEngine::generate(bool awaited) {
    if (pending_.empty()) return {};
    if (pending_.back().warped.empty()) {
        pending_.back().warped = anchor_.warped();
        pending_.back().unreliable = anchor_.unreliable(pending_.back().source);
    }
    // Keyframes: every k-th buffered frame, and always the last (interpolation needs an end).
    std::vector<size_t> keys;
    for (size_t i = 0; i < pending_.size(); ++i)
        if ((i + 1) % size_t(settings_.keyframeInterval) == 0 || i + 1 == pending_.size())
            keys.push_back(i);
    diffusion::SampleRequest r;
    for (size_t k : keys) {
        const BufferedFrame& b = pending_[k];
        cv::Mat init = b.warped.clone();
        init.setTo(cv::Scalar::all(128), b.unreliable);  // FlowVid: occlusions filled grey
        r.init.push_back(init);
        if (model_->hasControlNet()) r.control.push_back(controlImage(b.source));
        r.blendTargets.push_back(b.warped);
        cv::Mat reliable;
        cv::Mat(b.unreliable == 0).convertTo(reliable, CV_32F, 1.0 / 255);
        r.blendMasks.push_back(reliable);
    }
    r.prompt = settings_.prompt;
    r.negative = settings_.negative;
    r.guidance = settings_.guidance;
    r.strength = settings_.strength;
    r.steps = settings_.steps > 0 ? settings_.steps : model_->scheduler().steps;
    r.seed = settings_.seed + uint64_t(pending_.front().index);  // reproducible per batch
    r.blendFraction = settings_.blend;
    r.controlScale = settings_.controlScale;
    r.stop = stop_;
    // The carried frame (the edited first frame, then each batch's last output) is the
    // attention anchor of the whole batch.
    r.anchor = lastOutput_;
    if (model_->hasControlNet()) r.anchorControl = controlImage(lastSource_);
    r.crossFrame = true;
    if (onWork_) {
        // Work on frames not yet returned: the previous batch's (done, still interpolating)
        // and this one's share.
        const double before = double(interpolatingFrames_), frames = double(pending_.size());
        r.onStep = [&, before, frames](int step, int steps) {
            onWork_(before + frames * step / steps);
        };
    }
    // The frames between keyframes are planned from their sources and flows meanwhile
    // (on a GPU the CPU's cores are free then; on the CPU, one thread beside the model's).
    // It reads pending_ and keys: an error in sampling waits for it as it unwinds.
    auto planning = std::async(std::launch::async, [this, &keys, onCuda = model_->onCuda()] {
        return planInterpolation(pending_, keys, lastSource_, onCuda);
    });
    const auto t0 = std::chrono::steady_clock::now();
    std::vector<cv::Mat> generated;
    {
        ScopedTimer timer("diffusion.sample");
        generated = diffusion::sample(*model_, r);
    }
    samplingSeconds_ +=
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (settings_.calibrateColor)
        for (auto& g : generated)
            g = transferColor(g, labStats(g), target_);

    // The next batch starts from this one's last output; the frames between its keyframes
    // are interpolated on a worker while the next batch samples (on a GPU the CPU is idle
    // then).
    std::vector<InterpolationPlan> plans = planning.get();
    for (auto& frame : pending_) {  // planned: the step flows are not needed any more
        frame.toPrevious.release();
        frame.fromPrevious.release();
    }
    FinishedBatch done{std::move(pending_), std::move(keys), std::move(generated), lastOutput_,
                       lastSource_, std::move(plans)};
    pending_.clear();
    lastOutput_ = done.generated.back();
    lastSource_ = done.frames.back().source;
    lastIndex_ = done.frames.back().index;
    anchor_.reset(lastOutput_, lastSource_);
    std::vector<EngineOutput> previous = takeInterpolated();
    interpolatingFrames_ = done.frames.size();
    interpolating_ = std::async(std::launch::async, [batch = std::move(done), awaited] {
        return interpolateBatch(batch, awaited);
    });
    return previous;
}

}  // namespace restyle
