#include "flow/Warp.h"

#include <opencv2/imgproc.hpp>

namespace restyle {

cv::Mat flowToMap(const cv::Mat& flow) {
    CV_Assert(flow.type() == CV_32FC2);
    cv::Mat map(flow.size(), CV_32FC2);
    for (int y = 0; y < flow.rows; ++y) {
        const auto* f = flow.ptr<cv::Vec2f>(y);
        auto* m = map.ptr<cv::Vec2f>(y);
        for (int x = 0; x < flow.cols; ++x)
            m[x] = cv::Vec2f(float(x) + f[x][0], float(y) + f[x][1]);
    }
    return map;
}

cv::Mat warpImage(const cv::Mat& image, const cv::Mat& flow, int border, const cv::Scalar& fill) {
    cv::Mat out;
    cv::remap(image, out, flowToMap(flow), cv::noArray(), cv::INTER_LINEAR, border, fill);
    return out;
}

cv::Mat warpMask(const cv::Mat& mask, const cv::Mat& flow, uchar outside) {
    cv::Mat out;
    cv::remap(mask, out, flowToMap(flow), cv::noArray(), cv::INTER_NEAREST, cv::BORDER_CONSTANT,
              cv::Scalar(outside));
    return out;
}

cv::Mat composeFlow(const cv::Mat& first, const cv::Mat& second) {
    // second sampled where `first` lands; outside the frame the nearest flow is used.
    cv::Mat sampled;
    cv::remap(second, sampled, flowToMap(first), cv::noArray(), cv::INTER_LINEAR,
              cv::BORDER_REPLICATE);
    return first + sampled;
}

cv::Mat resizeFlow(const cv::Mat& flow, cv::Size size) {
    if (flow.size() == size) return flow;
    cv::Mat out;
    cv::resize(flow, out, size, 0, 0, cv::INTER_LINEAR);
    const float sx = float(size.width) / float(flow.cols);
    const float sy = float(size.height) / float(flow.rows);
    out.forEach<cv::Vec2f>([&](cv::Vec2f& v, const int*) {
        v[0] *= sx;
        v[1] *= sy;
    });
    return out;
}

}  // namespace restyle
