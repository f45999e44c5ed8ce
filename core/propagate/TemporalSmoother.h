#pragma once
// Removes flicker from a processed sequence while keeping its detail: a fast form of the
// gradient-domain method of Bonneel et al. 2015 ("Blind video temporal consistency"). Their
// screened-Poisson solve keeps the processed frame's gradients and pulls its values toward
// the previous output warped along the flow; the difference it corrects is low-frequency, so
// here it is estimated by a normalised Gaussian filter of (previous warped - processed) over
// the pixels the flow check trusts, and added back with `strength`.
#include <opencv2/core.hpp>

namespace restyle {

class TemporalSmoother {
  public:
    // strength in [0, 1]: 0 off, 1 follows the previous output's low frequencies fully.
    // sigma: the scale (px) below which detail is kept as processed.
    TemporalSmoother(double strength, double sigma);

    // The consistent version of `processed` (frame t). `toPrevious`: flow t -> t-1;
    // `previousUnreliable`: 255 where that flow cannot be trusted. reset(): start over
    // (at keyframes, whose look must be kept exactly). `exposureStep`: the source's
    // brightness change since frame t-1 (a fade), which the previous output follows before
    // it steadies this one, so flicker removal never holds a fade back.
    cv::Mat apply(const cv::Mat& processed, const cv::Mat& toPrevious,
                  const cv::Mat& previousUnreliable, double exposureStep = 1.0);
    void reset() { previous_.release(); }
    void continueFrom(const cv::Mat& output) {
        previous_ = output.clone();
        warped_.release();
    }
    const cv::Mat& previous() const { return previous_; }
    // The previous output warped to the frame of the last apply() (empty when that frame
    // started over): the per-frame warping error reuses it instead of warping again.
    const cv::Mat& previousWarped() const { return warped_; }

  private:
    double strength_, sigma_;
    cv::Mat previous_, warped_;
};

}  // namespace restyle
