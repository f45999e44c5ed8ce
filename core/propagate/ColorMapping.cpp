#include "propagate/ColorMapping.h"

#include <cmath>

namespace restyle {

namespace {

constexpr int B = ColorMapping::kBins;
constexpr float kStep = 256.0f / B;

int binOf(const cv::Vec3b& c) {
    const int s = 256 / B;
    return (c[0] / s) * B * B + (c[1] / s) * B + c[2] / s;
}

cv::Vec3f centre(int i) {
    return cv::Vec3f((float(i / (B * B)) + 0.5f) * kStep, (float(i / B % B) + 0.5f) * kStep,
                     (float(i % B) + 0.5f) * kStep);
}

}  // namespace

ColorMapping::ColorMapping(const cv::Mat& source, const cv::Mat& edited) {
    CV_Assert(source.type() == CV_8UC3 && edited.type() == CV_8UC3 &&
              source.size() == edited.size());
    const int n = B * B * B;
    std::vector<cv::Vec3d> sum(size_t(n), cv::Vec3d(0, 0, 0));
    std::vector<double> count(size_t(n), 0);
    // Two passes: the mean, then the mean of the pixels near it (paint strokes are outliers).
    for (int pass = 0; pass < 2; ++pass) {
        std::vector<cv::Vec3d> s2(size_t(n), cv::Vec3d(0, 0, 0));
        std::vector<double> c2(size_t(n), 0);
        for (int y = 0; y < source.rows; ++y) {
            const auto* src = source.ptr<cv::Vec3b>(y);
            const auto* ed = edited.ptr<cv::Vec3b>(y);
            for (int x = 0; x < source.cols; ++x) {
                const int b = binOf(src[x]);
                const cv::Vec3d e(ed[x][0], ed[x][1], ed[x][2]);
                if (pass == 1) {
                    const cv::Vec3d m = sum[size_t(b)] / std::max(1.0, count[size_t(b)]);
                    if (cv::norm(e - m) > 48.0) continue;
                }
                s2[size_t(b)] += e;
                c2[size_t(b)] += 1;
            }
        }
        for (int i = 0; i < n; ++i)
            if (pass == 0 || c2[size_t(i)] > 0) {
                sum[size_t(i)] = s2[size_t(i)];
                count[size_t(i)] = c2[size_t(i)];
            }
    }
    // Filled bins map to their mean; empty ones to their colour plus the offset of the
    // nearest filled bin (searched in growing shells).
    table_.assign(size_t(n), cv::Vec3f());
    std::vector<int> filled;
    for (int i = 0; i < n; ++i)
        if (count[size_t(i)] >= 1) filled.push_back(i);
    for (int i = 0; i < n; ++i) {
        if (count[size_t(i)] >= 1) {
            const cv::Vec3d m = sum[size_t(i)] / count[size_t(i)];
            table_[size_t(i)] = cv::Vec3f(float(m[0]), float(m[1]), float(m[2]));
            continue;
        }
        const cv::Vec3f c = centre(i);
        int best = -1;
        float bestD = 1e30f;
        for (int j : filled) {
            const float d = float(cv::norm(centre(j) - c));
            if (d < bestD) bestD = d, best = j;
        }
        if (best < 0) {
            table_[size_t(i)] = c;
            continue;
        }
        const cv::Vec3d m = sum[size_t(best)] / count[size_t(best)];
        const cv::Vec3f offset = cv::Vec3f(float(m[0]), float(m[1]), float(m[2])) - centre(best);
        table_[size_t(i)] = c + offset;
    }
}

cv::Mat ColorMapping::apply(const cv::Mat& bgr) const {
    CV_Assert(bgr.type() == CV_8UC3);
    cv::Mat out(bgr.size(), CV_8UC3);
    auto at = [&](int b, int g, int r) { return table_[size_t(b * B * B + g * B + r)]; };
    out.forEach<cv::Vec3b>([&](cv::Vec3b& o, const int* pos) {
        const cv::Vec3b c = bgr.at<cv::Vec3b>(pos[0], pos[1]);
        float f[3];
        int i0[3], i1[3];
        for (int k = 0; k < 3; ++k) {
            const float u = std::clamp(float(c[k]) / kStep - 0.5f, 0.0f, float(B - 1));
            i0[k] = int(u);
            i1[k] = std::min(i0[k] + 1, B - 1);
            f[k] = u - float(i0[k]);
        }
        cv::Vec3f v(0, 0, 0);
        for (int corner = 0; corner < 8; ++corner) {
            const int a = corner & 1, b = (corner >> 1) & 1, d = (corner >> 2) & 1;
            const float w = (a ? f[0] : 1 - f[0]) * (b ? f[1] : 1 - f[1]) * (d ? f[2] : 1 - f[2]);
            v += w * at(a ? i1[0] : i0[0], b ? i1[1] : i0[1], d ? i1[2] : i0[2]);
        }
        o = cv::Vec3b(cv::saturate_cast<uchar>(v[0]), cv::saturate_cast<uchar>(v[1]),
                      cv::saturate_cast<uchar>(v[2]));
    });
    return out;
}

}  // namespace restyle
