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

cv::Mat interpolate(const FinishedBatch& batch, size_t i) {
    const auto& keys = batch.keys;
    const auto& outs = batch.generated;
    const auto& pending = batch.frames;
    // The keyframes around frame i: a before (or the last output), b after.
    const auto next = std::upper_bound(keys.begin(), keys.end(), i);
    const size_t b = *next;
    const bool hasA = next != keys.begin();
    const size_t a = hasA ? *(next - 1) : 0;
    const cv::Mat& outA = hasA ? outs[size_t(next - keys.begin()) - 1] : batch.before;
    const cv::Mat& srcA = hasA ? pending[a].source : batch.beforeSource;
    const cv::Mat& outB = outs[size_t(next - keys.begin())];
    // Flows frame i -> a (backward along the steps) and i -> b (forward), with their inverses
    // for the occlusion check.
    cv::Mat toA = pending[i].toPrevious, fromA = pending[i].fromPrevious;
    for (size_t j = i; j > (hasA ? a + 1 : 0); --j) {
        toA = composeFlow(toA, pending[j - 1].toPrevious);
        fromA = composeFlow(pending[j - 1].fromPrevious, fromA);
    }
    cv::Mat toB = pending[i + 1].fromPrevious, fromB = pending[i + 1].toPrevious;
    for (size_t j = i + 2; j <= b; ++j) {
        toB = composeFlow(toB, pending[j].fromPrevious);
        fromB = composeFlow(pending[j].toPrevious, fromB);
    }
    const cv::Mat& src = pending[i].source;
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
    cv::Mat wB = reliability(toB, fromB, pending[b].source) * d + 1e-4 * d;
    const cv::Mat share = wA / (wA + wB);
    cv::Mat fa, fb, s3;
    warpImage(outA, toA).convertTo(fa, CV_32FC3);
    warpImage(outB, toB).convertTo(fb, CV_32FC3);
    cv::merge(std::vector<cv::Mat>{share, share, share}, s3);
    cv::Mat result;
    cv::Mat(fb + (fa - fb).mul(s3)).convertTo(result, CV_8UC3);
    return result;
}

}  // namespace

std::vector<EngineOutput> interpolateBatch(const FinishedBatch& batch, bool allCores) {
    std::vector<EngineOutput> out(batch.frames.size());
    auto one = [&](size_t i) {
        const auto it = std::find(batch.keys.begin(), batch.keys.end(), i);
        ScopedTimer timer("diffusion.interpolate");
        cv::Mat image = it != batch.keys.end() ? batch.generated[size_t(it - batch.keys.begin())]
                                               : interpolate(batch, i);
        const cv::Mat& unreliable = batch.frames[i].unreliable;
        out[i] = {batch.frames[i].index, image,
                  unreliable.empty() ? 1.0 : reliableShare(unreliable)};
    };
    if (allCores) {
        cv::parallel_for_(cv::Range(0, int(out.size())), [&](const cv::Range& r) {
            for (int i = r.start; i < r.end; ++i)
                one(size_t(i));
        });
    } else {
        for (size_t i = 0; i < out.size(); ++i)
            one(i);
    }
    return out;
}

}  // namespace restyle
