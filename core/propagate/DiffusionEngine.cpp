#include "propagate/DiffusionEngine.h"

#include <chrono>
#include <cmath>
#include <opencv2/imgproc.hpp>

#include "common/Error.h"
#include "common/Profile.h"
#include "diffusion/DepthControl.h"
#include "diffusion/DiffusionEditor.h"
#include "diffusion/SdModel.h"
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
    encoder_ = std::make_unique<KeyframeEncoder>(model_);
}

cv::Mat DiffusionEngine::controlImage(const cv::Mat& source) const {
    return depth_ ? (*depth_)(source) : cannyControl(source);
}

std::function<cv::Mat(const cv::Mat&)> DiffusionEngine::control() const {
    if (!model_->hasControlNet()) return {};
    return [this](const cv::Mat& source) { return controlImage(source); };
}

DiffusionEngine::~DiffusionEngine() = default;

std::vector<EngineOutput> DiffusionEngine::push(const FrameContext& f) {
    stop_ = f.stop;
    onWork_ = f.onWork;
    std::vector<EngineOutput> out;
    if (f.previousKey && f.previousKey->frame == f.index) {
        // A user keyframe ends the batch before it: everything before it comes out first.
        if (!pending_.empty()) append(out, startSampling());
        for (auto more = nextBatch(); !more.empty(); more = nextBatch())
            append(out, std::move(more));
        lastOutput_ = f.previousKey->edited.clone();
        lastSource_ = f.source.clone();
        anchor_.reset(cv::Mat(), f.source);  // the engine warps outputs itself (request())
        anchorKnown_ = true;
        target_ = carriedTarget_ ? *carriedTarget_ : labStats(lastOutput_);
        carriedTarget_.reset();
        out.push_back({f.index, lastOutput_, 1.0});
        ++accepted_;  // after the batch before it: that batch's work does not count it
        return out;
    }
    if (lastSource_.empty())
        throw InputError("engine diffusion: the first frame processed must be a keyframe");
    {
        ScopedTimer timer("diffusion.buffer-frame");
        anchor_.step(f.flow.toPrevious, f.flow.fromPrevious);
        pending_.push_back({f.index, f.source, f.flow.toPrevious, f.flow.fromPrevious, {}, {}});
        ++accepted_;
        // The anchor's flow and reliability are needed at keyframes only: every k-th frame,
        // and the batch's last (completed in startSampling(), the anchor still on it).
        if (pending_.size() % size_t(settings_.keyframeInterval) == 0) {
            pending_.back().toAnchor = anchor_.toAnchor().clone();
            pending_.back().unreliable = anchor_.unreliable(f.source);
            if (anchorKnown_) prepareAhead(pending_.size() - 1);
        }
    }
    if (batchFull()) out = startSampling();
    append(out, readyFrames());
    return out;
}

bool DiffusionEngine::batchFull() const {
    return pending_.size() >= size_t((settings_.batch - 1) * settings_.keyframeInterval);
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
    std::vector<EngineOutput> out = pending_.empty() ? std::vector<EngineOutput>{} : startSampling();
    if (out.empty()) out = nextBatch();
    return out;
}

std::vector<EngineOutput> DiffusionEngine::takeInterpolated() {
    return interpolating_.valid() ? interpolating_.get() : std::vector<EngineOutput>{};
}

static bool isDone(const auto& future) {
    return future.valid() && future.wait_for(std::chrono::seconds(0)) == std::future_status::ready;
}

std::vector<EngineOutput> DiffusionEngine::readyFrames() {
    std::vector<EngineOutput> out;
    if (isDone(interpolating_)) out = takeInterpolated();
    if (!interpolating_.valid() && !streaming_ && isDone(sampling_) && isDone(planning_))
        collectSampled(false);
    return out;
}

std::vector<EngineOutput> DiffusionEngine::nextBatch() {
    if (interpolating_.valid()) return takeInterpolated();
    if (!sampling_.valid()) return {};
    return streamSampled();
}

void DiffusionEngine::takePlans(FinishedBatch& batch) {
    batch.plans = planning_.get();
    for (auto& frame : batch.frames) {  // planned: the step flows are not needed any more
        frame.toPrevious.release();
        frame.fromPrevious.release();
    }
}

std::vector<EngineOutput> DiffusionEngine::streamSampled() {
    if (!streaming_) {
        std::shared_ptr<FinishedBatch> batch = std::move(sampledBatch_);
        takePlans(*batch);
        batch->generated.assign(batch->keys.size(), cv::Mat());
        streaming_ = std::move(batch);
        streamedKeys_ = 0;
    }
    FinishedBatch& batch = *streaming_;
    const size_t key = streamedKeys_;
    batch.generated[key] = decoded_->waitFor(key);
    if (batch.generated[key].empty()) {
        sampling_.get();  // rethrows the sampling's error
        throw Error("diffusion engine: the sampling ended without keyframe " +
                    std::to_string(batch.frames[batch.keys[key]].index));
    }
    ++streamedKeys_;
    // Beside the CPU's decoding, one thread; after the last keyframe nothing else runs.
    const bool last = streamedKeys_ == batch.keys.size();
    const size_t begin = key == 0 ? 0 : batch.keys[key - 1] + 1;
    std::vector<EngineOutput> out =
        interpolateFrames(batch, begin, batch.keys[key] + 1, last || model_->onCuda());
    if (last) {
        samplingSeconds_ += sampling_.get().seconds;
        lastOutput_ = batch.generated.back();
        streaming_.reset();
    }
    return out;
}

std::vector<EngineOutput> DiffusionEngine::collectSampled(bool allCores) {
    if (!sampling_.valid()) return {};
    Sampled sampled = sampling_.get();  // rethrows the sampling's error
    samplingSeconds_ += sampled.seconds;
    std::shared_ptr<FinishedBatch> batch = std::move(sampledBatch_);
    batch->generated = std::move(sampled.images);
    takePlans(*batch);
    lastOutput_ = batch->generated.back();
    // One batch interpolates at a time, so that frames come out in order.
    std::vector<EngineOutput> before = takeInterpolated();
    interpolating_ = std::async(std::launch::async,
                                [batch, allCores] { return interpolateBatch(*batch, allCores); });
    return before;
}

std::vector<EngineOutput> DiffusionEngine::startSampling() {
    // The previous batch's last output is this batch's anchor: its sampling must be done.
    std::vector<EngineOutput> out = collectSampled(false);
    if (pending_.back().toAnchor.empty()) {
        pending_.back().toAnchor = anchor_.toAnchor().clone();
        pending_.back().unreliable = anchor_.unreliable(pending_.back().source);
    }
    // Keyframes: every k-th buffered frame, and always the last (interpolation needs an end).
    std::vector<size_t> keys;
    for (size_t i = 0; i < pending_.size(); ++i)
        if ((i + 1) % size_t(settings_.keyframeInterval) == 0 || i + 1 == pending_.size())
            keys.push_back(i);
    const int64_t doneBefore = accepted_ - int64_t(pending_.size());
    std::vector<std::shared_future<EncodedKeyframe>> encoded;
    auto r = std::make_shared<diffusion::SampleRequest>(request(keys, doneBefore, encoded));
    prepared_.clear();
    anchorKnown_ = false;  // the next batch's anchor is this one's last output
    auto batch = std::make_shared<FinishedBatch>();
    batch->frames = std::move(pending_);
    batch->keys = std::move(keys);
    batch->before = lastOutput_;
    batch->beforeSource = lastSource_;
    pending_.clear();
    // The frames between keyframes are planned from their sources and flows meanwhile (on a
    // GPU the CPU's cores are free then; on the CPU, one thread beside the model's).
    planning_ = std::async(std::launch::async, [batch, onCuda = model_->onCuda()] {
        return planInterpolation(batch->frames, batch->keys, batch->beforeSource, onCuda);
    });
    auto decoded = std::make_shared<DecodedKeyframes>(r->init.size());
    auto calibrating = std::make_shared<double>(0.0);  // seconds, on the sampling thread
    r->onImage = [decoded, calibrating, calibrate = settings_.calibrateColor, target = target_](
                     size_t i, const cv::Mat& g) {
        const auto t0 = std::chrono::steady_clock::now();
        decoded->put(i, calibrate ? transferColor(g, labStats(g), target) : g);
        *calibrating +=
            std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    };
    decoded_ = decoded;
    sampling_ = std::async(std::launch::async, [model = model_, r, encoded, decoded, calibrating] {
        struct Closed {  // however the sampling ends, nothing more will be decoded
            DecodedKeyframes& d;
            ~Closed() { d.close(); }
        } closed{*decoded};
        Sampled s;
        r->initEncoded.resize(encoded.size());
        r->blendEncoded.resize(encoded.size());
        for (size_t i = 0; i < encoded.size(); ++i)
            if (encoded[i].valid()) {
                const EncodedKeyframe& e = encoded[i].get();  // rethrows the encoding's error
                r->initEncoded[i] = e.init;
                r->blendEncoded[i] = e.warped;
                s.seconds += e.seconds;
            }
        const auto t0 = std::chrono::steady_clock::now();
        {
            ScopedTimer timer("diffusion.sample");
            diffusion::sample(*model, *r);
        }
        // The model's time, not the colour calibration's.
        s.seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count() -
                     *calibrating;
        s.images = decoded->all();  // colour-calibrated as they came
        return s;
    });
    sampledBatch_ = batch;
    // The next batch is carried from this one's last frame; its output comes with sampling.
    lastSource_ = batch->frames.back().source;
    anchor_.reset(cv::Mat(), lastSource_);
    return out;
}

void DiffusionEngine::prepareAhead(size_t i) {
    ScopedTimer timer("diffusion.prepare-ahead");  // part of diffusion.buffer-frame
    KeyframeRequest k = keyframeRequest(lastOutput_, pending_[i], control());
    encoder_->encodeAhead(k, settings_.blend > 0, stop_);
    prepared_[i] = std::move(k);
}

diffusion::SampleRequest DiffusionEngine::request(
    const std::vector<size_t>& keys, int64_t doneBefore,
    std::vector<std::shared_future<EncodedKeyframe>>& encoded) const {
    diffusion::SampleRequest r;
    for (size_t key : keys) {
        const auto ahead = prepared_.find(key);
        const KeyframeRequest k = ahead != prepared_.end()
                                      ? ahead->second
                                      : keyframeRequest(lastOutput_, pending_[key], control());
        r.init.push_back(k.init);
        if (!k.control.empty()) r.control.push_back(k.control);
        r.blendTargets.push_back(k.warped);
        r.blendMasks.push_back(k.reliable);
        encoded.push_back(k.encoded);
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
        // Reported from the sampling worker: every frame before this batch is done (the
        // model did their batches first), and this batch's share.
        const double frames = double(pending_.size());
        r.onStep = [onWork = onWork_, doneBefore, frames](int step, int steps) {
            onWork(double(doneBefore) + frames * step / steps);
        };
    }
    return r;
}

}  // namespace restyle
