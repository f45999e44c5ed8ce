#pragma once
// Warping along flow fields (backward warping with cv::remap) and flow composition.
#include <opencv2/core.hpp>

namespace restyle {

// out(x) = image(x + flow(x)), bilinear. Samples outside `image` follow `border`
// (cv::BORDER_REPLICATE by default; cv::BORDER_CONSTANT fills `fill`).
cv::Mat warpImage(const cv::Mat& image, const cv::Mat& flow, int border = cv::BORDER_REPLICATE,
                  const cv::Scalar& fill = cv::Scalar());

// A mask (CV_8U, 0/255) warped the same way; nearest-neighbour so it stays binary. Samples
// outside the mask read `outside`.
cv::Mat warpMask(const cv::Mat& mask, const cv::Mat& flow, uchar outside = 255);

// The flow of doing `first` then `second`: first(x) + second(x + first(x)).
cv::Mat composeFlow(const cv::Mat& first, const cv::Mat& second);

// The absolute sampling map x + flow(x) (CV_32FC2), for cv::remap.
cv::Mat flowToMap(const cv::Mat& flow);

// A flow field resized to `size`, with vectors scaled by the same factors.
cv::Mat resizeFlow(const cv::Mat& flow, cv::Size size);

}  // namespace restyle
