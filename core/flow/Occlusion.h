#pragma once
// Where a flow cannot be trusted: the forward-backward consistency check of Sundaram, Brox
// and Keutzer (2010), as used by Ruder et al. (2016) and FlowVid.
#include <opencv2/core.hpp>

namespace restyle {

struct OcclusionSettings {
    // x is unreliable when |f + b(x+f)|^2 >= alpha1 (|f|^2 + |b(x+f)|^2) + alpha2.
    double alpha1 = 0.01;
    double alpha2 = 0.5;
    // Also mark motion boundaries: |grad u|^2 + |grad v|^2 > beta1 |f|^2 + beta2.
    bool motionBoundaries = false;
    double beta1 = 0.01;
    double beta2 = 0.002;
};

// For the flow `forward` (A -> B) and `backward` (B -> A), the pixels of A whose flow is
// unreliable or leaves the frame: CV_8U, 255 = unreliable, 0 = reliable.
cv::Mat occlusionMask(const cv::Mat& forward, const cv::Mat& backward,
                      const OcclusionSettings& settings = {});

// As occlusionMask, evaluated only on the grid x, y = step/2 + k*step (every other pixel 0):
// for readers of that grid alone (the camera-motion fit), at a 1/step^2 of the cost. The
// grid's values are exactly occlusionMask's there.
cv::Mat occlusionMaskOnGrid(const cv::Mat& forward, const cv::Mat& backward,
                            const OcclusionSettings& settings, int step);

// Share of reliable (0) pixels in a mask, in [0, 1].
double reliableShare(const cv::Mat& mask);

}  // namespace restyle
