#include "propagate/FillSteadier.h"

#include <opencv2/imgproc.hpp>

#include "common/Profile.h"
#include "flow/Warp.h"
#include "propagate/Feather.h"

namespace restyle {

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
        // The box's flow as a sampling map over the whole previous frame.
        const cv::Mat map = flowToMap(toPrevious(box)) + cv::Scalar(box.x, box.y);
        cv::Mat before, beforeSource;
        cv::remap(previous_, before, map, cv::noArray(), cv::INTER_LINEAR, cv::BORDER_REPLICATE);
        cv::remap(previousSource_, beforeSource, map, cv::noArray(), cv::INTER_LINEAR,
                  cv::BORDER_REPLICATE);
        const cv::Mat unexplained = unexplainedPixels(beforeSource, source(box),
                                                      previousUnreliable(box), reliability_);
        cv::Mat w;
        cv::Mat(fresh(box) & ~unexplained).convertTo(w, CV_32F, share_ / 255.0);
        if (featherSigma_ > 0) cv::GaussianBlur(w, w, cv::Size(0, 0), featherSigma_);
        mixByWeight(before, filled(box), w).copyTo(out(box));
    }
    return out;
}

}  // namespace restyle
