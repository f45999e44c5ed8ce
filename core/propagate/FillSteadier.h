#pragma once
// Steadies new content that is filled afresh on every frame. Where the warp engine's chained
// carry fails (people walking: the chained flow fails its check on moving limbs), the fill
// re-runs on each frame, and an editor or network re-run per frame flickers as much as
// editing every frame. One flow step is reliable there far more often: the fresh fill is
// blended with the previous output warped one step on, where that step explains the frame
// (consistent flow and the warped previous source matching this one, Reliability.h), so it
// never drags a stale look onto something new. Works only around the filled regions.
#include <opencv2/core.hpp>

#include "propagate/Reliability.h"

namespace restyle {

class FillSteadier {
  public:
    // `share`: weight of the previous output on steady pixels (0 off); `featherSigma`: how
    // softly the steadied regions meet the rest.
    FillSteadier(double share, double featherSigma, ReliabilitySettings reliability);

    // Frame t's output with a fresh fill on `fresh` (CV_8U, 255), steadied. `toPrevious`:
    // flow t -> t-1; `previousUnreliable`: 255 where frame t's pixel is not seen in t-1.
    cv::Mat apply(const cv::Mat& filled, const cv::Mat& fresh, const cv::Mat& source,
                  const cv::Mat& toPrevious, const cv::Mat& previousUnreliable) const;
    // Frame t's final output and source, for frame t+1.
    void remember(const cv::Mat& output, const cv::Mat& source);
    void clear();

  private:
    double share_, featherSigma_;
    ReliabilitySettings reliability_;
    cv::Mat previous_, previousSource_;
};

}  // namespace restyle
