#pragma once
// Pictures of flow for the overlay preview.
#include <opencv2/core.hpp>

namespace restyle {

// The Middlebury colour coding (Baker et al. 2011): hue = direction, saturation = magnitude
// relative to `maxMagnitude` (<= 0: the field's own largest vector).
cv::Mat flowToColor(const cv::Mat& flow, double maxMagnitude = 0.0);

// `frame` with an arrow every `step` pixels showing the flow there.
cv::Mat drawFlowArrows(const cv::Mat& frame, const cv::Mat& flow, int step = 16);

// `frame` with the mask's set pixels tinted by `color` at `opacity`.
cv::Mat tintMask(const cv::Mat& frame, const cv::Mat& mask, const cv::Scalar& color = {255, 0, 255},
                 double opacity = 0.5);

// `over` blended onto `base` with `opacity` in [0, 1].
cv::Mat blendOver(const cv::Mat& base, const cv::Mat& over, double opacity);

}  // namespace restyle
