#include "propagate/WarpEngine.h"

#include <opencv2/imgproc.hpp>

#include "common/Error.h"
#include "common/Profile.h"
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
                              const cv::Mat& need, const cv::Mat& fallback) {
    if (!key.editor) {
        // A painted keyframe cannot be re-applied: the source in the keyframe's colours.
        auto it = keyStats_.find(key.frame);
        if (it == keyStats_.end()) it = keyStats_.emplace(key.frame, labStats(key.edited)).first;
        return transferColor(f.source, labStats(f.source), it->second);
    }
    // Re-apply the keyframe's editor around each region that needs it (editors are costly;
    // the regions are usually thin strips of new content). Elsewhere `fallback` stands in.
    const int margin = 24;
    cv::Mat grown;
    cv::dilate(need, grown, cv::getStructuringElement(cv::MORPH_RECT, cv::Size(9, 9)));
    // Cover the mask with runs of 64 px blocks per block row: an L-shaped strip of new
    // content along two edges costs a few thin rectangles, not its bounding box.
    const cv::Rect frame(0, 0, f.source.cols, f.source.rows);
    const int block = 64;
    std::vector<cv::Rect> rects;
    for (int y = 0; y < frame.height; y += block) {
        int runStart = -1;
        for (int x = 0; x <= frame.width; x += block) {
            const bool needed = x < frame.width &&
                                cv::countNonZero(grown(cv::Rect(x, y, block, block) & frame)) > 0;
            if (needed && runStart < 0) runStart = x;
            if (!needed && runStart >= 0) {
                const cv::Rect run(runStart - margin, y - margin, x - runStart + 2 * margin,
                                   block + 2 * margin);
                rects.push_back(run & frame);
                runStart = -1;
            }
        }
    }
    size_t area = 0;
    for (const auto& r : rects)
        area += size_t(r.area());
    if (area > f.source.total() / 2) rects = {frame};
    cv::Mat out = fallback.clone();
    // Each rectangle's own block row is copied; the margin only gives the editor context.
    for (const auto& r : rects) {
        const cv::Mat styled = key.editor->apply(f.source(r), key.params);
        const cv::Rect core(r.x + (r.x > 0 ? margin : 0), r.y + (r.y > 0 ? margin : 0), 0, 0);
        const cv::Rect inner =
            cv::Rect(core.x, core.y, r.br().x - core.x - (r.br().x < frame.width ? margin : 0),
                     r.br().y - core.y - (r.br().y < frame.height ? margin : 0)) &
            frame;
        const cv::Rect local(inner.x - r.x, inner.y - r.y, inner.width, inner.height);
        styled(local).copyTo(out(inner), grown(inner));
    }
    return out;
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
    ScopedTimer timer("engine.warp");
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
            ScopedTimer fillTimer("engine.fresh-fill");
            const cv::Mat fresh = freshFill(f, key, needFresh, carried.empty() ? keyed : carried);
            fill = carried.empty() ? fresh : mix(carried, fresh, carryWeight);
        }
        result = mix(keyed, fill, coverage);
    }
    out.image = result;
    if (secondary_.empty() || secondary_.age() >= settings_.reanchorInterval)
        secondary_.reset(result, f.source);
    return {out};
}

}  // namespace restyle
