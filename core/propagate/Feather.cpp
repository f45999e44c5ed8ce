#include "propagate/Feather.h"

#include <cmath>
#include <opencv2/imgproc.hpp>

namespace restyle {

int featherMargin(double sigma) {
    return sigma > 0 ? 2 * int(std::ceil(sigma * 2)) : 0;
}

cv::Mat featherWeight(const cv::Mat& mask, double sigma) {
    cv::Mat hard;
    mask.convertTo(hard, CV_32F, 1.0 / 255);
    if (sigma <= 0) return hard;
    const int k = featherMargin(sigma) / 2;
    cv::Mat w, grown;
    cv::dilate(mask, w,
               cv::getStructuringElement(cv::MORPH_ELLIPSE, cv::Size(2 * k + 1, 2 * k + 1)));
    cv::dilate(mask, grown,
               cv::getStructuringElement(cv::MORPH_ELLIPSE, cv::Size(4 * k + 1, 4 * k + 1)));
    w.convertTo(w, CV_32F, 1.0 / 255);
    cv::GaussianBlur(w, w, cv::Size(0, 0), sigma);
    w = cv::max(w, hard);
    w.setTo(0, grown == 0);
    return w;
}

cv::Mat featherPaste(const cv::Mat& base, const cv::Mat& layer, const cv::Mat& mask, double sigma) {
    CV_Assert(base.type() == CV_8UC3 && layer.type() == CV_8UC3 && base.size() == layer.size());
    const cv::Mat w = featherWeight(mask, sigma);
    cv::Mat out = base.clone();
    const cv::Rect box = cv::boundingRect(w > 0);
    if (box.empty()) return out;
    cv::Mat a, b, w3;
    layer(box).convertTo(a, CV_32FC3);
    base(box).convertTo(b, CV_32FC3);
    const cv::Mat wb = w(box);
    cv::merge(std::vector<cv::Mat>{wb, wb, wb}, w3);
    cv::Mat(b + (a - b).mul(w3)).convertTo(out(box), CV_8UC3);
    return out;
}

}  // namespace restyle
