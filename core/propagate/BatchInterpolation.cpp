#include "propagate/BatchInterpolation.h"

#include <algorithm>
#include <opencv2/core/utility.hpp>
#include <opencv2/imgproc.hpp>

#include "common/Profile.h"
#include "flow/Occlusion.h"
#include "flow/Warp.h"
#include "propagate/Photometric.h"

namespace restyle {

namespace {

// The keyframes around frame i: `b` the first at or after it, `a` the one before (none:
// the carried frame), and b's position in the batch's keys.
struct Around {
    bool hasA = false;
    size_t a = 0, b = 0, keyOfB = 0;
};

Around around(const std::vector<size_t>& keys, size_t i) {
    const auto next = std::lower_bound(keys.begin(), keys.end(), i);
    Around r;
    r.b = *next;
    r.keyOfB = size_t(next - keys.begin());
    r.hasA = next != keys.begin();
    r.a = r.hasA ? *(next - 1) : 0;
    return r;
}

InterpolationPlan planFrame(const std::vector<BufferedFrame>& frames,
                            const std::vector<size_t>& keys, const cv::Mat& beforeSource,
                            size_t i) {
    ScopedTimer timer("diffusion.plan-interpolation");
    const Around k = around(keys, i);
    const cv::Mat& srcA = k.hasA ? frames[k.a].source : beforeSource;
    // Flows frame i -> a (backward along the steps) and i -> b (forward), with their inverses
    // for the occlusion check.
    cv::Mat toA = frames[i].toPrevious, fromA = frames[i].fromPrevious;
    for (size_t j = i; j > (k.hasA ? k.a + 1 : 0); --j) {
        toA = composeFlow(toA, frames[j - 1].toPrevious);
        fromA = composeFlow(frames[j - 1].fromPrevious, fromA);
    }
    cv::Mat toB = frames[i + 1].fromPrevious, fromB = frames[i + 1].toPrevious;
    for (size_t j = i + 2; j <= k.b; ++j) {
        toB = composeFlow(toB, frames[j].fromPrevious);
        fromB = composeFlow(frames[j].toPrevious, fromB);
    }
    const cv::Mat& src = frames[i].source;
    auto reliability = [&](const cv::Mat& to, const cv::Mat& from, const cv::Mat& keySrc) {
        cv::Mat bad = occlusionMask(to, from) | photometricMismatch(warpImage(keySrc, to), src);
        cv::Mat r;
        cv::Mat(bad == 0).convertTo(r, CV_32F, 1.0 / 255);
        cv::GaussianBlur(r, r, cv::Size(0, 0), 2.0);
        return r;
    };
    const size_t first = k.hasA ? k.a : 0, extra = k.hasA ? 0 : 1;
    const double d = double(i - first + extra) / double(k.b - first + extra);
    cv::Mat wA = reliability(toA, fromA, srcA) * (1 - d) + 1e-4 * (1 - d);
    cv::Mat wB = reliability(toB, fromB, frames[k.b].source) * d + 1e-4 * d;
    return {toA, toB, wA / (wA + wB)};
}

// One pass over the two warps: this runs after sampling, on the way out.
cv::Mat applyPlan(const InterpolationPlan& plan, const cv::Mat& outA, const cv::Mat& outB) {
    const cv::Mat fromA = warpImage(outA, plan.toA), fromB = warpImage(outB, plan.toB);
    CV_Assert(fromA.type() == CV_8UC3 && plan.shareA.type() == CV_32F);
    cv::Mat result(fromA.size(), CV_8UC3);
    for (int y = 0; y < result.rows; ++y) {
        const uchar* a = fromA.ptr<uchar>(y);
        const uchar* b = fromB.ptr<uchar>(y);
        const float* share = plan.shareA.ptr<float>(y);
        uchar* o = result.ptr<uchar>(y);
        for (int x = 0; x < result.cols; ++x)
            for (int c = 0; c < 3; ++c) {
                const float fa = a[3 * x + c], fb = b[3 * x + c];
                o[3 * x + c] = cv::saturate_cast<uchar>(fb + (fa - fb) * share[x]);
            }
    }
    return result;
}

template <typename Work>
void forEachFrame(size_t frames, bool allCores, const Work& work) {
    if (!allCores) {
        for (size_t i = 0; i < frames; ++i)
            work(i);
        return;
    }
    cv::parallel_for_(cv::Range(0, int(frames)), [&](const cv::Range& r) {
        for (int i = r.start; i < r.end; ++i)
            work(size_t(i));
    });
}

bool isKey(const std::vector<size_t>& keys, size_t i) {
    return std::binary_search(keys.begin(), keys.end(), i);
}

}  // namespace

std::vector<InterpolationPlan> planInterpolation(const std::vector<BufferedFrame>& frames,
                                                 const std::vector<size_t>& keys,
                                                 const cv::Mat& beforeSource,
                                                 bool allCores) {
    std::vector<InterpolationPlan> plans(frames.size());
    forEachFrame(frames.size(), allCores, [&](size_t i) {
        if (!isKey(keys, i)) plans[i] = planFrame(frames, keys, beforeSource, i);
    });
    return plans;
}

std::vector<EngineOutput> interpolateBatch(const FinishedBatch& batch, bool allCores) {
    return interpolateFrames(batch, 0, batch.frames.size(), allCores);
}

std::vector<EngineOutput> interpolateFrames(const FinishedBatch& batch, size_t begin, size_t end,
                                            bool allCores) {
    std::vector<EngineOutput> out(end - begin);
    auto one = [&](size_t n) {
        const size_t i = begin + n;
        const Around k = around(batch.keys, i);
        cv::Mat image;
        if (k.b == i) {
            image = batch.generated[k.keyOfB];
        } else {
            const InterpolationPlan plan =
                batch.plans.empty() ? planFrame(batch.frames, batch.keys, batch.beforeSource, i)
                                    : batch.plans[i];
            ScopedTimer timer("diffusion.interpolate");
            image = applyPlan(plan, k.hasA ? batch.generated[k.keyOfB - 1] : batch.before,
                              batch.generated[k.keyOfB]);
        }
        const cv::Mat& unreliable = batch.frames[i].unreliable;
        out[n] = {batch.frames[i].index, image,
                  unreliable.empty() ? 1.0 : reliableShare(unreliable)};
    };
    forEachFrame(out.size(), allCores, one);
    return out;
}

}  // namespace restyle
