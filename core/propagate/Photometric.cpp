#include "propagate/Photometric.h"

#include <opencv2/imgproc.hpp>

namespace restyle {

cv::Mat photometricMismatch(const cv::Mat& warpedSource, const cv::Mat& currentSource,
                            double threshold) {
    cv::Mat a, b, d;
    cv::GaussianBlur(warpedSource, a, cv::Size(5, 5), 0);
    cv::GaussianBlur(currentSource, b, cv::Size(5, 5), 0);
    cv::absdiff(a, b, d);
    cv::Mat grey;
    cv::transform(d, grey, cv::Matx13f(1.f / 3, 1.f / 3, 1.f / 3));
    cv::Mat mask = grey > threshold;
    // Grow a little: the edge of a mismatch is mismatched too.
    cv::dilate(mask, mask, cv::getStructuringElement(cv::MORPH_ELLIPSE, cv::Size(5, 5)));
    return mask;
}

}  // namespace restyle
