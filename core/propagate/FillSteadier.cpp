#include "propagate/FillSteadier.h"

#include <opencv2/imgproc.hpp>

#include "common/Profile.h"
#include "propagate/Feather.h"

namespace restyle {

namespace {

// The absolute sampling map of `box` for a flow given over the whole frame.
cv::Mat boxMap(const cv::Mat& flow, const cv::Rect& box) {
    cv::Mat map(box.size(), CV_32FC2);
    for (int y = 0; y < box.height; ++y) {
        const auto* f = flow.ptr<cv::Vec2f>(box.y + y) + box.x;
        auto* m = map.ptr<cv::Vec2f>(y);
        for (int x = 0; x < box.width; ++x)
            m[x] = cv::Vec2f(float(box.x + x) + f[x][0], float(box.y + y) + f[x][1]);
    }
    return map;
}

}  // namespace

FillSteadier::FillSteadier(double share, double featherSigma, ReliabilitySettings reliability)
    : share_(share), featherSigma_(featherSigma), reliability_(reliability) {}

void FillSteadier::remember(const cv::Mat& output, const cv::Mat& source) {
    previous_ = output.clone();
    previousSource_ = source.clone();
}

void FillSteadier::clear() {
    previous_.release();
    previousSource_.release();
}

cv::Mat FillSteadier::apply(const cv::Mat& filled, const cv::Mat& fresh, const cv::Mat& source,
                            const cv::Mat& toPrevious, const cv::Mat& previousUnreliable) const {
    if (share_ <= 0 || previous_.empty() || toPrevious.empty() || previousUnreliable.empty() ||
        previous_.size() != filled.size())
        return filled;
    ScopedTimer timer("engine.steady-fill");
    cv::Mat out = filled.clone();
    const int margin = featherMargin(featherSigma_);
    for (const cv::Rect& box : regionBoxes(fresh, margin)) {
        const cv::Mat map = boxMap(toPrevious, box);
        cv::Mat before, beforeSource;
        cv::remap(previous_, before, map, cv::noArray(), cv::INTER_LINEAR, cv::BORDER_REPLICATE);
        cv::remap(previousSource_, beforeSource, map, cv::noArray(), cv::INTER_LINEAR,
                  cv::BORDER_REPLICATE);
        const cv::Mat unexplained = unexplainedPixels(beforeSource, source(box),
                                                      previousUnreliable(box), reliability_);
        cv::Mat w;
        cv::Mat(fresh(box) & ~unexplained).convertTo(w, CV_32F, share_ / 255.0);
        if (featherSigma_ > 0) cv::GaussianBlur(w, w, cv::Size(0, 0), featherSigma_);
        cv::Mat a, b, w3;
        before.convertTo(a, CV_32FC3);
        filled(box).convertTo(b, CV_32FC3);
        cv::merge(std::vector<cv::Mat>(3, w), w3);
        cv::Mat(b + (a - b).mul(w3)).convertTo(out(box), CV_8UC3);
    }
    return out;
}

}  // namespace restyle
