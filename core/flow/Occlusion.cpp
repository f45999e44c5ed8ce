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
    // Row pointers and a parallel loop over rows: this runs 3-4 times per frame.
    cv::Mat mask(forward.size(), CV_8U);
    const float w = float(forward.cols - 1), h = float(forward.rows - 1);
    const double a1 = s.alpha1, a2 = s.alpha2, b1 = s.beta1, b2 = s.beta2;
    const bool boundaries = s.motionBoundaries;
    cv::parallel_for_(cv::Range(0, forward.rows), [&](const cv::Range& rows) {
        for (int y = rows.start; y < rows.end; ++y) {
            const auto* fr = forward.ptr<cv::Vec2f>(y);
            const auto* pr = map.ptr<cv::Vec2f>(y);
            const auto* br = b.ptr<cv::Vec2f>(y);
            const auto* gr = boundaries ? grad.ptr<cv::Vec2f>(y) : nullptr;
            uchar* mr = mask.ptr<uchar>(y);
            for (int x = 0; x < forward.cols; ++x) {
                const cv::Vec2f p = pr[x];
                if (p[0] < 0 || p[1] < 0 || p[0] > w || p[1] > h) {
                    mr[x] = 255;
                    continue;
                }
                const cv::Vec2f f = fr[x], bb = br[x];
                const cv::Vec2f sum = f + bb;
                const double ff = f.dot(f), bbn = bb.dot(bb);
                bool bad = sum.dot(sum) >= a1 * (ff + bbn) + a2;
                if (!bad && gr) bad = gr[x][0] + gr[x][1] > b1 * ff + b2;
                mr[x] = bad ? 255 : 0;
            }
        }
    });
    return mask;
}

double reliableShare(const cv::Mat& mask) {
    if (mask.empty()) return 0.0;
    return 1.0 - double(cv::countNonZero(mask)) / double(mask.total());
}

}  // namespace restyle
