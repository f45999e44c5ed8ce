#include "propagate/WarpEngine.h"

#include <opencv2/imgproc.hpp>

#include "common/Error.h"
#include "common/JsonFields.h"
#include "common/Profile.h"
#include "flow/Warp.h"
#include "propagate/ExposureFollow.h"
#include "propagate/Feather.h"

namespace restyle {

WarpEngine::Settings WarpEngine::Settings::fromJson(const nlohmann::json& engineSettings) {
    const JsonFields f(engineSettings.is_object() ? engineSettings : nlohmann::json::object(),
                       "warp engine", "engine.settings.");
    Settings s;
    s.featherSigma = f.number("feather", s.featherSigma, 0, 50);
    s.reanchorInterval = int(f.integer("reanchor", s.reanchorInterval, 1, 1000));
    s.fillSteadiness = f.number("fill_steadiness", s.fillSteadiness, 0, 0.95);
    s.reliability.agree = f.number("agree", s.reliability.agree, 0, 255);
    s.reliability.close = f.number("close", s.reliability.close, 0, 255);
    return s;
}

WarpEngine::WarpEngine(Settings settings)
    : settings_(settings),
      fill_(createDefaultFill(settings.featherSigma)),
      steadier_(settings.fillSteadiness, settings.featherSigma, settings.reliability) {}

cv::Mat WarpEngine::keyWeight(const cv::Mat& unexplained) const {
    cv::Mat r;
    cv::Mat(unexplained == 0).convertTo(r, CV_32F, 1.0 / 255);
    if (settings_.featherSigma > 0) cv::GaussianBlur(r, r, cv::Size(0, 0), settings_.featherSigma);
    return r;
}

cv::Mat WarpEngine::fillNewContent(const FrameContext& f, const ResolvedKeyframe& key,
                                   const cv::Mat& keyed, const cv::Mat& newContent) {
    if (key.frame != fillKey_) {
        if (auto* aware = dynamic_cast<KeyframeAwareFill*>(fill_.get())) aware->useKeyframe(key);
        fillKey_ = key.frame;
    }
    // Carried fill where it still explains the frame; a fresh fill for the rest.
    cv::Mat draft = keyed, fresh = newContent;
    if (!carried_.empty()) {
        ScopedTimer carriedTimer("engine.carried");
        const cv::Mat use = newContent & carried_.usable(f.source, settings_.reliability);
        if (cv::countNonZero(use) > 0) {
            draft = featherPaste(keyed, carried_.warped(), use, settings_.featherSigma);
            fresh = newContent & ~use;
        }
    }
    if (cv::countNonZero(fresh) == 0) return draft;
    ScopedTimer fillTimer("engine.fresh-fill");
    return steadier_.apply(fill_->fill(f.source, draft, fresh), fresh, f.source, f.flow.toPrevious,
                           f.flow.previousUnreliable);
}

std::vector<EngineOutput> WarpEngine::push(const FrameContext& f) {
    EngineOutput out;
    out.index = f.index;
    if (f.previousKey && f.previousKey->frame == f.index) {
        out.image = f.previousKey->edited.clone();  // a keyframe is its own edit
        carried_.clear();
        steadier_.remember(out.image, f.source);
        return {out};
    }
    if (!f.previousKey && !f.nextKey)
        throw Error("warp engine: a frame with no keyframe before or after it");
    ScopedTimer timer("engine.warp");
    if (f.shotStart) carried_.clear(), steadier_.clear();
    if (!f.flow.toPrevious.empty()) carried_.step(f.flow.toPrevious, f.flow.fromPrevious);
    // 1. Keyframe warps; a pixel is new content where no keyframe explains it.
    cv::Mat keyed, newContent, warpA, unexplainedA;
    if (f.previousKey) {
        ScopedTimer keyTimer("engine.key-warp");
        // The keyframe's source, aligned by the flow: what explains this frame, and by how
        // much brighter or darker it is now (a fade; the backward pass does the same).
        const cv::Mat keySource = warpImage(f.previousKey->source, f.flow.toAnchor);
        warpA = followExposure(warpImage(f.previousKey->edited, f.flow.toAnchor),
                               exposureGain(keySource, f.source));
        unexplainedA =
            unexplainedPixels(keySource, f.source, f.flow.unreliable, settings_.reliability);
    }
    const cv::Mat& nextWarped = f.nextWarped;
    if (f.previousKey && f.nextKey) {
        const double d = double(f.index - f.previousKey->frame) /
                         double(f.nextKey->frame - f.previousKey->frame);
        ScopedTimer blendTimer("engine.blend");
        const cv::Mat wA = keyWeight(unexplainedA) * (1.0 - d),
                      wB = keyWeight(f.nextUnreliable) * d;
        keyed = mixByWeight(warpA, nextWarped, wA / cv::max(wA + wB, 1e-6));
        newContent = unexplainedA & f.nextUnreliable;
    } else if (f.previousKey) {
        keyed = warpA;
        newContent = unexplainedA;
    } else {
        keyed = nextWarped;
        newContent = f.nextUnreliable;
    }
    out.reliableShare = 1.0 - double(cv::countNonZero(newContent)) / double(newContent.total());
    // 2. New content takes the fill.
    const ResolvedKeyframe& key = f.previousKey ? *f.previousKey : *f.nextKey;
    out.image = cv::countNonZero(newContent) ? fillNewContent(f, key, keyed, newContent) : keyed;
    if (carried_.empty() || carried_.age() >= settings_.reanchorInterval)
        carried_.reset(out.image, f.source, newContent);
    steadier_.remember(out.image, f.source);
    return {out};
}

}  // namespace restyle
