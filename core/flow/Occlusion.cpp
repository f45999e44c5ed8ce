#include "flow/Occlusion.h"

#include <opencv2/imgproc.hpp>

#include "flow/Warp.h"

namespace restyle {

namespace {

// The forward-backward test of one pixel: f its flow, p = x + f where it lands, bb the
// backward flow there; w, h the frame's last column and row.
bool inconsistent(cv::Vec2f f, cv::Vec2f p, cv::Vec2f bb, float w, float h,
                  const OcclusionSettings& s) {
    if (p[0] < 0 || p[1] < 0 || p[0] > w || p[1] > h) return true;
    const cv::Vec2f sum = f + bb;
    const double ff = f.dot(f), bbn = bb.dot(bb);
    return sum.dot(sum) >= s.alpha1 * (ff + bbn) + s.alpha2;
}

}  // namespace

cv::Mat occlusionMaskOnGrid(const cv::Mat& forward, const cv::Mat& backward,
                            const OcclusionSettings& s, int step) {
    CV_Assert(forward.type() == CV_32FC2 && backward.type() == CV_32FC2 &&
              forward.size() == backward.size() && step > 0);
    if (s.motionBoundaries) return occlusionMask(forward, backward, s);  // needs gradients
    const int gw = (forward.cols - step / 2 + step - 1) / step;
    const int gh = (forward.rows - step / 2 + step - 1) / step;
    cv::Mat mask = cv::Mat::zeros(forward.size(), CV_8U);
    if (gw <= 0 || gh <= 0) return mask;
    // Remap samples each output pixel from its own map entry alone, so sampling the
    // backward flow at the grid's landing points gives the full remap's values there.
    cv::Mat map(gh, gw, CV_32FC2), b;
    for (int j = 0; j < gh; ++j)
        for (int i = 0; i < gw; ++i) {
            const int y = step / 2 + j * step, x = step / 2 + i * step;
            const cv::Vec2f f = forward.at<cv::Vec2f>(y, x);
            map.at<cv::Vec2f>(j, i) = cv::Vec2f(float(x) + f[0], float(y) + f[1]);
        }
    cv::remap(backward, b, map, cv::noArray(), cv::INTER_LINEAR, cv::BORDER_REPLICATE);
    const float w = float(forward.cols - 1), h = float(forward.rows - 1);
    for (int j = 0; j < gh; ++j)
        for (int i = 0; i < gw; ++i) {
            const int y = step / 2 + j * step, x = step / 2 + i * step;
            if (inconsistent(forward.at<cv::Vec2f>(y, x), map.at<cv::Vec2f>(j, i),
                             b.at<cv::Vec2f>(j, i), w, h, s))
                mask.at<uchar>(y, x) = 255;
        }
    return mask;
}

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
    const double b1 = s.beta1, b2 = s.beta2;
    const bool boundaries = s.motionBoundaries;
    cv::parallel_for_(cv::Range(0, forward.rows), [&](const cv::Range& rows) {
        for (int y = rows.start; y < rows.end; ++y) {
            const auto* fr = forward.ptr<cv::Vec2f>(y);
            const auto* pr = map.ptr<cv::Vec2f>(y);
            const auto* br = b.ptr<cv::Vec2f>(y);
            const auto* gr = boundaries ? grad.ptr<cv::Vec2f>(y) : nullptr;
            uchar* mr = mask.ptr<uchar>(y);
            for (int x = 0; x < forward.cols; ++x) {
                const cv::Vec2f f = fr[x];
                bool bad = inconsistent(f, pr[x], br[x], w, h, s);
                if (!bad && gr) bad = gr[x][0] + gr[x][1] > b1 * double(f.dot(f)) + b2;
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
