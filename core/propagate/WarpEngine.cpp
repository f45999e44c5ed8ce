#include "propagate/WarpEngine.h"

#include <opencv2/imgproc.hpp>

#include "common/Error.h"
#include "flow/Occlusion.h"
#include "flow/Warp.h"
#include "propagate/Photometric.h"

namespace restyle {

namespace {

// out = a * w + b * (1 - w), per pixel, w in [0, 1] (CV_32F).
cv::Mat mix(const cv::Mat& a, const cv::Mat& b, const cv::Mat& w) {
    cv::Mat af, bf, w3;
    a.convertTo(af, CV_32FC3);
    b.convertTo(bf, CV_32FC3);
    cv::merge(std::vector<cv::Mat>{w, w, w}, w3);
    cv::Mat out = bf + (af - bf).mul(w3);
    cv::Mat u8;
    out.convertTo(u8, CV_8UC3);
    return u8;
}

}  // namespace

WarpEngine::WarpEngine(Settings settings) : settings_(settings) {}

cv::Mat WarpEngine::softReliable(const cv::Mat& unreliable) const {
    cv::Mat r;
    cv::Mat(unreliable == 0).convertTo(r, CV_32F, 1.0 / 255);
    if (settings_.featherSigma > 0) {
        // Erode before blurring, so a feathered seam never reaches into unreliable pixels.
        const int k = int(std::ceil(settings_.featherSigma * 2));
        cv::erode(r, r,
                  cv::getStructuringElement(cv::MORPH_ELLIPSE, cv::Size(2 * k + 1, 2 * k + 1)));
        cv::GaussianBlur(r, r, cv::Size(0, 0), settings_.featherSigma);
    }
    return r;
}

cv::Mat WarpEngine::freshFill(const FrameContext& f, const ResolvedKeyframe& key,
                              const cv::Mat& need) {
    if (key.editor) {
        // Re-apply the keyframe's editor, only around the pixels that need it.
        cv::Mat pts;
        cv::findNonZero(need, pts);
        if (pts.empty()) return f.source;
        cv::Rect r = cv::boundingRect(pts);
        const int margin = 24;
        r = cv::Rect(r.x - margin, r.y - margin, r.width + 2 * margin, r.height + 2 * margin) &
            cv::Rect(0, 0, f.source.cols, f.source.rows);
        if (size_t(r.area()) > f.source.total() / 2 || r.width < 48 || r.height < 48)
            r = cv::Rect(0, 0, f.source.cols, f.source.rows);
        cv::Mat out = f.source.clone();
        key.editor->apply(f.source(r), key.params).copyTo(out(r));
        return out;
    }
    // A painted keyframe cannot be re-applied: the source in the keyframe's colours.
    auto it = keyStats_.find(key.frame);
    if (it == keyStats_.end()) it = keyStats_.emplace(key.frame, labStats(key.edited)).first;
    return transferColor(f.source, labStats(f.source), it->second);
}

std::vector<EngineOutput> WarpEngine::push(const FrameContext& f) {
    EngineOutput out;
    out.index = f.index;
    const cv::Size size = f.source.size();
    if (f.previousKey && f.previousKey->frame == f.index) {
        out.image = f.previousKey->edited.clone();  // a keyframe is its own edit
        secondary_.reset(out.image, f.source);
        return {out};
    }
    if (!f.flow.toPrevious.empty()) secondary_.step(f.flow.toPrevious, f.flow.fromPrevious);
    // 1. Keyframe warps, weighted by reliability and temporal distance.
    cv::Mat keyed, coverage;
    cv::Mat warpA, relA, relB;
    if (f.previousKey) {
        warpA = warpImage(f.previousKey->edited, f.flow.toAnchor);
        const cv::Mat drift =
            photometricMismatch(warpImage(f.previousKey->source, f.flow.toAnchor), f.source);
        relA = softReliable(f.flow.unreliable | drift);
    }
    if (f.nextKey) relB = softReliable(f.nextUnreliable);
    if (f.previousKey && f.nextKey) {
        const double d = double(f.index - f.previousKey->frame) /
                         double(f.nextKey->frame - f.previousKey->frame);
        cv::Mat wA = relA * (1.0 - d), wB = relB * d;
        cv::Mat sum = wA + wB;
        cv::Mat share = wA / cv::max(sum, 1e-6);  // of A among the two
        keyed = mix(warpA, f.nextWarped, share);
        coverage = 1.0 - (1.0 - relA).mul(1.0 - relB);
    } else if (f.previousKey) {
        keyed = warpA;
        coverage = relA;
    } else if (f.nextKey) {
        keyed = f.nextWarped;
        coverage = relB;
    } else {
        throw Error("warp engine: a frame with no keyframe before or after it");
    }
    out.reliableShare = cv::mean(coverage)[0];
    // 2 and 3. Fill what the keyframes cannot explain.
    cv::Mat result = keyed;
    const cv::Mat uncovered = coverage < 0.999;
    if (cv::countNonZero(uncovered) > 0) {
        const ResolvedKeyframe& key = f.previousKey ? *f.previousKey : *f.nextKey;
        cv::Mat carryWeight = cv::Mat::zeros(size, CV_32F);
        cv::Mat carried;
        if (!secondary_.empty()) {
            carried = secondary_.warped();
            carryWeight = softReliable(secondary_.unreliable(f.source));
        }
        const cv::Mat needFresh = (1.0 - coverage).mul(1.0 - carryWeight) > 0.02;
        cv::Mat fill = carried;
        if (cv::countNonZero(needFresh) > 0) {
            const cv::Mat fresh = freshFill(f, key, needFresh);
            fill = carried.empty() ? fresh : mix(carried, fresh, carryWeight);
        }
        result = mix(keyed, fill, coverage);
    }
    out.image = result;
    if (secondary_.empty() || secondary_.age() >= settings_.reanchorInterval)
        secondary_.reset(result, f.source);
    return {out};
}

std::unique_ptr<PropagationEngine> createPropagationEngine(const std::string& name,
                                                           const nlohmann::json& settings) {
    if (name == "warp") {
        WarpEngine::Settings s;
        s.featherSigma = settings.value("feather", s.featherSigma);
        s.reanchorInterval = settings.value("reanchor", s.reanchorInterval);
        if (s.reanchorInterval < 1 || s.reanchorInterval > 1000)
            throw InputError("warp engine: reanchor must be 1-1000 frames");
        if (s.featherSigma < 0 || s.featherSigma > 50)
            throw InputError("warp engine: feather must be 0-50 px");
        return std::make_unique<WarpEngine>(s);
    }
    if (name == "diffusion")
        throw InputError(
            "engine diffusion: needs a video or image diffusion model (--model "
            "MANIFEST); this build has no diffusion engine yet");
    throw InputError("unknown engine '" + name + "' (warp, diffusion)");
}

std::vector<std::string> propagationEngines() {
    return {"warp", "diffusion"};
}

}  // namespace restyle
