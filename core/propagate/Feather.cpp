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
    // One pass over rows (this runs twice per frame): base + (layer - base) * w in float,
    // rounded as convertTo rounds; pixels with weight 0 keep base's value untouched.
    cv::parallel_for_(cv::Range(box.y, box.y + box.height), [&](const cv::Range& rows) {
        for (int y = rows.start; y < rows.end; ++y) {
            const float* wr = w.ptr<float>(y);
            const uchar* lr = layer.ptr<uchar>(y);
            const uchar* br = base.ptr<uchar>(y);
            uchar* o = out.ptr<uchar>(y);
            for (int x = box.x; x < box.x + box.width; ++x) {
                const float wx = wr[x];
                if (wx == 0.f) continue;
                for (int c = 0; c < 3; ++c) {
                    const float b = float(br[3 * x + c]), a = float(lr[3 * x + c]);
                    o[3 * x + c] = cv::saturate_cast<uchar>(b + (a - b) * wx);
                }
            }
        }
    });
    return out;
}

// Boxes covering the mask's connected regions, grown by `margin` and merged where they
// overlap, so each pixel runs through the network once.
namespace {

std::vector<cv::Rect> grownBoundingBoxes(const cv::Mat& mask, int margin) {
    std::vector<std::vector<cv::Point>> contours;
    cv::findContours(mask.clone(), contours, cv::RETR_EXTERNAL, cv::CHAIN_APPROX_SIMPLE);
    const cv::Rect frame(0, 0, mask.cols, mask.rows);
    std::vector<cv::Rect> boxes;
    for (const auto& c : contours) {
        const cv::Rect b = cv::boundingRect(c);
        boxes.push_back(
            cv::Rect(b.x - margin, b.y - margin, b.width + 2 * margin, b.height + 2 * margin) &
            frame);
    }
    return boxes;
}

// Merges pairs of boxes for which `join(a, b)` holds until no pair does.
template <class Join>
std::vector<cv::Rect> mergeBoxes(std::vector<cv::Rect> boxes, Join join) {
    for (bool merged = true; merged;) {
        merged = false;
        for (size_t i = 0; i < boxes.size() && !merged; ++i)
            for (size_t j = i + 1; j < boxes.size() && !merged; ++j)
                if (join(boxes[i], boxes[j])) {
                    boxes[i] |= boxes[j];
                    boxes.erase(boxes.begin() + long(j));
                    merged = true;
                }
    }
    return boxes;
}

}  // namespace

std::vector<cv::Rect> regionBoxes(const cv::Mat& mask, int margin) {
    return mergeBoxes(grownBoundingBoxes(mask, margin),
                      [](const cv::Rect& a, const cv::Rect& b) { return (a & b).area() > 0; });
}

std::vector<cv::Rect> coveringBoxes(const cv::Mat& mask, int margin) {
    return mergeBoxes(grownBoundingBoxes(mask, margin), [](const cv::Rect& a, const cv::Rect& b) {
        return (a | b).area() < a.area() + b.area();
    });
}

cv::Mat mixByWeight(const cv::Mat& a, const cv::Mat& b, const cv::Mat& w) {
    cv::Mat af, bf, w3;
    a.convertTo(af, CV_32FC3);
    b.convertTo(bf, CV_32FC3);
    cv::merge(std::vector<cv::Mat>{w, w, w}, w3);
    cv::Mat out;
    cv::Mat(bf + (af - bf).mul(w3)).convertTo(out, CV_8UC3);
    return out;
}

}  // namespace restyle
