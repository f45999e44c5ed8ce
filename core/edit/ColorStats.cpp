#include "edit/ColorStats.h"

#include <opencv2/imgproc.hpp>

namespace restyle {

static cv::Mat toLab(const cv::Mat& bgr) {
    cv::Mat f, lab;
    bgr.convertTo(f, CV_32FC3, 1.0 / 255);
    cv::cvtColor(f, lab, cv::COLOR_BGR2Lab);
    return lab;
}

LabStats labStats(const cv::Mat& bgr, const cv::Mat& mask) {
    cv::Scalar m, s;
    cv::meanStdDev(toLab(bgr), m, s, mask);
    return {cv::Vec3d(m[0], m[1], m[2]), cv::Vec3d(s[0], s[1], s[2])};
}

cv::Mat transferColor(const cv::Mat& bgr, const LabStats& source, const LabStats& target,
                      double strength) {
    if (strength <= 0.0) return bgr.clone();  // exact: no Lab round trip
    cv::Mat lab = toLab(bgr);
    std::vector<cv::Mat> ch;
    cv::split(lab, ch);
    for (int c = 0; c < 3; ++c) {
        const double gain = source.stddev[c] > 1e-6 ? target.stddev[c] / source.stddev[c] : 1.0;
        const double g = 1.0 + (gain - 1.0) * strength;
        const double shift = (target.mean[c] - source.mean[c]) * strength;
        // (x - mean) * g + mean + shift
        ch[size_t(c)].convertTo(ch[size_t(c)], CV_32F, g, (1.0 - g) * source.mean[c] + shift);
    }
    cv::merge(ch, lab);
    cv::Mat f, out;
    cv::cvtColor(lab, f, cv::COLOR_Lab2BGR);
    f.convertTo(out, CV_8UC3, 255.0);
    return out;
}

}  // namespace restyle
