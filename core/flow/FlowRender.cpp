#include "flow/FlowRender.h"

#include <cmath>
#include <opencv2/imgproc.hpp>
#include <vector>

namespace restyle {

namespace {

// The colour wheel: segments red-yellow-green-cyan-blue-magenta with the Middlebury
// segment lengths (15, 6, 4, 11, 13, 6), as RGB.
std::vector<cv::Vec3f> colorWheel() {
    const int segments[6] = {15, 6, 4, 11, 13, 6};
    const cv::Vec3f corners[7] = {{255, 0, 0}, {255, 255, 0}, {0, 255, 0}, {0, 255, 255},
                                  {0, 0, 255}, {255, 0, 255}, {255, 0, 0}};
    std::vector<cv::Vec3f> wheel;
    for (int s = 0; s < 6; ++s)
        for (int i = 0; i < segments[s]; ++i) {
            const float t = float(i) / float(segments[s]);
            wheel.push_back(corners[s] * (1 - t) + corners[s + 1] * t);
        }
    return wheel;
}

}  // namespace

cv::Mat flowToColor(const cv::Mat& flow, double maxMagnitude) {
    static const std::vector<cv::Vec3f> wheel = colorWheel();
    const int n = int(wheel.size());
    if (maxMagnitude <= 0) {
        std::vector<cv::Mat> uv;
        cv::split(flow, uv);
        cv::Mat mag;
        cv::magnitude(uv[0], uv[1], mag);
        cv::minMaxLoc(mag, nullptr, &maxMagnitude);
        if (maxMagnitude < 1e-6) maxMagnitude = 1.0;
    }
    cv::Mat out(flow.size(), CV_8UC3);
    out.forEach<cv::Vec3b>([&](cv::Vec3b& px, const int* pos) {
        const cv::Vec2f f = flow.at<cv::Vec2f>(pos[0], pos[1]);
        const float u = f[0] / float(maxMagnitude), v = f[1] / float(maxMagnitude);
        const float r = std::min(1.0f, std::sqrt(u * u + v * v));
        const float a = std::atan2(-v, -u) / float(CV_PI);  // -1..1
        const float k = (a + 1) / 2 * float(n - 1);
        const int k0 = int(k), k1 = (k0 + 1) % n;
        const float t = k - float(k0);
        const cv::Vec3f c = wheel[size_t(k0)] * (1 - t) + wheel[size_t(k1)] * t;
        // Saturation grows with magnitude: white at rest.
        for (int ch = 0; ch < 3; ++ch) {
            const float value = 255 - r * (255 - c[ch]);
            px[2 - ch] = cv::saturate_cast<uchar>(value);  // RGB -> BGR
        }
    });
    return out;
}

cv::Mat drawFlowArrows(const cv::Mat& frame, const cv::Mat& flow, int step) {
    cv::Mat out = frame.clone();
    const int thickness = std::max(1, frame.cols / 640);
    for (int y = step / 2; y < flow.rows; y += step)
        for (int x = step / 2; x < flow.cols; x += step) {
            const cv::Vec2f f = flow.at<cv::Vec2f>(y, x);
            const cv::Point from(x, y);
            const cv::Point to(int(std::lround(x + f[0])), int(std::lround(y + f[1])));
            if (f.dot(f) < 0.25) {
                cv::circle(out, from, thickness, cv::Scalar(0, 255, 0), cv::FILLED);
                continue;
            }
            cv::arrowedLine(out, from, to, cv::Scalar(0, 255, 0), thickness, cv::LINE_AA, 0, 0.3);
        }
    return out;
}

cv::Mat tintMask(const cv::Mat& frame, const cv::Mat& mask, const cv::Scalar& color,
                 double opacity) {
    cv::Mat tinted;
    cv::addWeighted(frame, 1.0 - opacity, cv::Mat(frame.size(), frame.type(), color), opacity, 0,
                    tinted);
    cv::Mat out = frame.clone();
    tinted.copyTo(out, mask);
    return out;
}

cv::Mat blendOver(const cv::Mat& base, const cv::Mat& over, double opacity) {
    cv::Mat out;
    cv::addWeighted(over, opacity, base, 1.0 - opacity, 0, out);
    return out;
}

}  // namespace restyle
