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
    std::vector<EngineOutput> out;
    if (f.previousKey && f.previousKey->frame == f.index) {
        out = generate();  // a user keyframe ends the batch before it
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
    if (pending_.size() >= size_t((settings_.batch - 1) * settings_.keyframeInterval))
        out = generate();
    return out;
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
    return generate();
}

std::vector<EngineOutput> DiffusionEngine::generate() {
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
        const Buffered& b = pending_[k];
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
        const double frames = double(pending_.size());
        r.onStep = [&, frames](int step, int steps) { onWork_(frames * step / steps); };
    }
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

    std::vector<EngineOutput> out;
    for (size_t i = 0; i < pending_.size(); ++i) {
        const auto it = std::find(keys.begin(), keys.end(), i);
        ScopedTimer timer("diffusion.interpolate");
        cv::Mat image = it != keys.end() ? generated[size_t(it - keys.begin())]
                                         : interpolate(i, keys, generated);
        const double reliable =
            pending_[i].unreliable.empty() ? 1.0 : reliableShare(pending_[i].unreliable);
        out.push_back({pending_[i].index, image, reliable});
    }
    lastOutput_ = out.back().image;
    lastSource_ = pending_.back().source;
    lastIndex_ = pending_.back().index;
    anchor_.reset(lastOutput_, lastSource_);  // the next batch starts from this output
    pending_.clear();
    return out;
}

cv::Mat DiffusionEngine::interpolate(size_t i, const std::vector<size_t>& keys,
                                     const std::vector<cv::Mat>& outs) {
    // The keyframes around frame i: a before (or the last output), b after.
    const auto next = std::upper_bound(keys.begin(), keys.end(), i);
    const size_t b = *next;
    const bool hasA = next != keys.begin();
    const size_t a = hasA ? *(next - 1) : 0;
    const cv::Mat& outA = hasA ? outs[size_t(next - keys.begin()) - 1] : lastOutput_;
    const cv::Mat& srcA = hasA ? pending_[a].source : lastSource_;
    const cv::Mat& outB = outs[size_t(next - keys.begin())];
    // Flows frame i -> a (backward along the steps) and i -> b (forward), with their inverses
    // for the occlusion check.
    cv::Mat toA = pending_[i].toPrevious, fromA = pending_[i].fromPrevious;
    for (size_t j = i; j > (hasA ? a + 1 : 0); --j) {
        toA = composeFlow(toA, pending_[j - 1].toPrevious);
        fromA = composeFlow(pending_[j - 1].fromPrevious, fromA);
    }
    cv::Mat toB = pending_[i + 1].fromPrevious, fromB = pending_[i + 1].toPrevious;
    for (size_t j = i + 2; j <= b; ++j) {
        toB = composeFlow(toB, pending_[j].fromPrevious);
        fromB = composeFlow(pending_[j].toPrevious, fromB);
    }
    const cv::Mat& src = pending_[i].source;
    auto reliability = [&](const cv::Mat& to, const cv::Mat& from, const cv::Mat& keySrc) {
        cv::Mat bad = occlusionMask(to, from) | photometricMismatch(warpImage(keySrc, to), src);
        cv::Mat r;
        cv::Mat(bad == 0).convertTo(r, CV_32F, 1.0 / 255);
        cv::GaussianBlur(r, r, cv::Size(0, 0), 2.0);
        return r;
    };
    const double span = double(b - (hasA ? a : 0) + (hasA ? 0 : 1));
    const double d = double(i - (hasA ? a : 0) + (hasA ? 0 : 1)) / span;
    cv::Mat wA = reliability(toA, fromA, srcA) * (1 - d) + 1e-4 * (1 - d);
    cv::Mat wB = reliability(toB, fromB, pending_[b].source) * d + 1e-4 * d;
    const cv::Mat share = wA / (wA + wB);
    cv::Mat fa, fb, s3;
    warpImage(outA, toA).convertTo(fa, CV_32FC3);
    warpImage(outB, toB).convertTo(fb, CV_32FC3);
    cv::merge(std::vector<cv::Mat>{share, share, share}, s3);
    cv::Mat result;
    cv::Mat(fb + (fa - fb).mul(s3)).convertTo(result, CV_8UC3);
    return result;
}

}  // namespace restyle
