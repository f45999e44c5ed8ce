#include "flow/GlobalMotion.h"

#include <cstdlib>
#include <opencv2/calib3d.hpp>
#include <opencv2/imgproc.hpp>

#include "flow/Warp.h"

namespace restyle {

namespace {

// Where candidate flow `b` explains (`image` warped to `target`) at least as well as `a`,
// with a margin in b's favour; cleaned of specks. "As well" compares the colour disagreement
// (sum of channel differences, capped at 255) of the two warps after a 7x7 box blur: blur(eb) <= blur(ea) + 6,
// i.e. the unnormalised box sum of eb - ea <= 6 * 49. Computed as that one difference image
// (integers, exact in float) and one box filter instead of two disagreement images.
cv::Mat prefer(const cv::Mat& image, const cv::Mat& target, const cv::Mat& a, const cv::Mat& b) {
    const cv::Mat wa = warpImage(image, a), wb = warpImage(image, b);
    cv::Mat gain(target.size(), CV_16S);  // disagreement of wb minus that of wa, per pixel
    cv::parallel_for_(cv::Range(0, target.rows), [&](const cv::Range& rows) {
        for (int y = rows.start; y < rows.end; ++y) {
            const uchar *pa = wa.ptr<uchar>(y), *pb = wb.ptr<uchar>(y), *pt = target.ptr<uchar>(y);
            short* g = gain.ptr<short>(y);
            for (int x = 0; x < target.cols; ++x, pa += 3, pb += 3, pt += 3) {
                int ea = 0, eb = 0;
                for (int c = 0; c < 3; ++c) {
                    ea += std::abs(int(pa[c]) - int(pt[c]));
                    eb += std::abs(int(pb[c]) - int(pt[c]));
                }
                // Capped at 255 as the 8-bit channel sum always was: one gross mismatch
                // weighs no more than that in the 7x7 comparison.
                g[x] = short(std::min(eb, 255) - std::min(ea, 255));
            }
        }
    });
    cv::Mat sum;
    cv::boxFilter(gain, sum, CV_32F, cv::Size(7, 7), cv::Point(-1, -1), false);
    const cv::Mat take = sum <= 6.0 * 49;  // 2 grey levels per channel
    // A 5x5 median of a binary mask, as a count (exactly what medianBlur gives, 4x cheaper):
    // set where at least 13 of the 25 neighbours are set, the border replicated.
    cv::Mat count;
    cv::boxFilter(take & 1, count, CV_16U, cv::Size(5, 5), cv::Point(-1, -1), false,
                  cv::BORDER_REPLICATE);
    return count >= 13;
}

}  // namespace

int globalMotionGridStep(cv::Size size) {
    return std::max(4, std::max(size.width, size.height) / 64);
}

std::optional<cv::Matx33d> fitGlobalMotion(const cv::Mat& flow, const cv::Mat& exclude) {
    CV_Assert(flow.type() == CV_32FC2);
    std::vector<cv::Point2f> from, to;
    const int step = globalMotionGridStep(flow.size());
    for (int y = step / 2; y < flow.rows; y += step)
        for (int x = step / 2; x < flow.cols; x += step) {
            if (!exclude.empty() && exclude.at<uchar>(y, x)) continue;
            const cv::Vec2f f = flow.at<cv::Vec2f>(y, x);
            from.emplace_back(float(x), float(y));
            to.emplace_back(float(x) + f[0], float(y) + f[1]);
        }
    if (from.size() < 16) return std::nullopt;
    cv::Mat inliers;
    const cv::Mat H = cv::findHomography(from, to, cv::RANSAC, 1.0, inliers, 500, 0.99);
    if (H.empty() || cv::countNonZero(inliers) < int(from.size()) / 4) return std::nullopt;
    return cv::Matx33d(H);
}

cv::Mat homographyFlow(const cv::Matx33d& H, cv::Size size) {
    cv::Mat flow(size, CV_32FC2);
    flow.forEach<cv::Vec2f>([&](cv::Vec2f& f, const int* pos) {
        const double x = pos[1], y = pos[0];
        const double w = H(2, 0) * x + H(2, 1) * y + H(2, 2);
        const double u = (H(0, 0) * x + H(0, 1) * y + H(0, 2)) / w;
        const double v = (H(1, 0) * x + H(1, 1) * y + H(1, 2)) / w;
        f = cv::Vec2f(float(u - x), float(v - y));
    });
    return flow;
}

double fuseWithGlobalMotion(const cv::Mat& anchor, const cv::Mat& frame, cv::Mat& toAnchor,
                            cv::Mat& fromAnchor, const cv::Mat& unreliable) {
    const auto H = fitGlobalMotion(toAnchor, unreliable);
    if (!H) return 0.0;
    const cv::Mat globalTo = homographyFlow(*H, frame.size());
    const cv::Mat globalFrom = homographyFlow(H->inv(), anchor.size());
    const cv::Mat takeTo = prefer(anchor, frame, toAnchor, globalTo);
    const cv::Mat takeFrom = prefer(frame, anchor, fromAnchor, globalFrom);
    toAnchor = toAnchor.clone();
    fromAnchor = fromAnchor.clone();
    globalTo.copyTo(toAnchor, takeTo);
    globalFrom.copyTo(fromAnchor, takeFrom);
    return double(cv::countNonZero(takeTo)) / double(takeTo.total());
}

}  // namespace restyle
