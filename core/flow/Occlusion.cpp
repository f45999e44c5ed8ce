#include "flow/Occlusion.h"

#include <opencv2/imgproc.hpp>

#include "flow/Warp.h"

namespace restyle {

cv::Mat occlusionMask(const cv::Mat& forward, const cv::Mat& backward, const OcclusionSettings& s) {
    CV_Assert(forward.type() == CV_32FC2 && backward.type() == CV_32FC2 &&
              forward.size() == backward.size());
    const cv::Mat map = flowToMap(forward);
    cv::Mat b;  // backward flow where each pixel lands
    cv::remap(backward, b, map, cv::noArray(), cv::INTER_LINEAR, cv::BORDER_REPLICATE);
    cv::Mat grad;
    if (s.motionBoundaries) {
        cv::Mat gx, gy;
        cv::Sobel(forward, gx, CV_32F, 1, 0, 1, 0.5);  // central differences
        cv::Sobel(forward, gy, CV_32F, 0, 1, 1, 0.5);
        grad = gx.mul(gx) + gy.mul(gy);  // per channel: du^2, dv^2
    }
    cv::Mat mask(forward.size(), CV_8U);
    const float w = float(forward.cols - 1), h = float(forward.rows - 1);
    mask.forEach<uchar>([&](uchar& m, const int* pos) {
        const int y = pos[0], x = pos[1];
        const cv::Vec2f f = forward.at<cv::Vec2f>(y, x);
        const cv::Vec2f p = map.at<cv::Vec2f>(y, x);
        if (p[0] < 0 || p[1] < 0 || p[0] > w || p[1] > h) {
            m = 255;
            return;
        }
        const cv::Vec2f bb = b.at<cv::Vec2f>(y, x);
        const cv::Vec2f sum = f + bb;
        const double ff = f.dot(f), bbn = bb.dot(bb);
        bool bad = sum.dot(sum) >= s.alpha1 * (ff + bbn) + s.alpha2;
        if (!bad && s.motionBoundaries) {
            const cv::Vec2f g = grad.at<cv::Vec2f>(y, x);
            bad = g[0] + g[1] > s.beta1 * ff + s.beta2;
        }
        m = bad ? 255 : 0;
    });
    return mask;
}

double reliableShare(const cv::Mat& mask) {
    if (mask.empty()) return 0.0;
    return 1.0 - double(cv::countNonZero(mask)) / double(mask.total());
}

}  // namespace restyle
