#include "propagate/ChangedRegionStyler.h"

#include <opencv2/imgproc.hpp>

#include "propagate/NetworkBox.h"
#include "style/KeyframeStyleNet.h"

namespace restyle {

namespace {

// 255 where `a` and `b` differ by more than `threshold` in any channel, after a 3x3 blur
// (compression noise alone stays under it).
cv::Mat changedPixels(const cv::Mat& a, const cv::Mat& b, int threshold) {
    cv::Mat sa, sb, d;
    cv::blur(a, sa, cv::Size(3, 3));
    cv::blur(b, sb, cv::Size(3, 3));
    cv::absdiff(sa, sb, d);
    std::vector<cv::Mat> ch;
    cv::split(d, ch);
    return cv::max(ch[0], cv::max(ch[1], ch[2])) > threshold;
}

}  // namespace

void ChangedRegionStyler::clear() {
    keptSource_.release();
    keptStyled_.release();
}

cv::Mat ChangedRegionStyler::whole(const KeyframeStyleNet& net, const cv::Mat& source,
                                   int threads) {
    keptSource_ = source.clone();
    keptStyled_ = net.apply(source, threads);
    lastShare_ = 1.0;
    return keptStyled_.clone();
}

cv::Mat ChangedRegionStyler::apply(const KeyframeStyleNet& net, const cv::Mat& source,
                                   int threads) {
    CV_Assert(source.type() == CV_8UC3);
    if (keptSource_.empty() || keptSource_.size() != source.size())
        return whole(net, source, threads);
    cv::Mat region = changedPixels(source, keptSource_, settings_.threshold);
    if (settings_.reach > 0) {
        const int side = 2 * settings_.reach + 1;
        cv::dilate(region, region,
                   cv::getStructuringElement(cv::MORPH_ELLIPSE, cv::Size(side, side)));
    }
    const std::vector<cv::Rect> boxes = networkBoxes(region, 0);
    double area = 0;
    for (const cv::Rect& box : boxes)
        area += box.area();
    // Many boxes cost more than the frame's tiles (the frame runs in cache-sized tiles too).
    if (area > settings_.wholeAbove * double(source.total())) return whole(net, source, threads);
    for (const cv::Rect& box : boxes) {
        net.apply(source(box), threads).copyTo(keptStyled_(box), region(box));
        source(box).copyTo(keptSource_(box), region(box));
    }
    lastShare_ = area / double(source.total());
    return keptStyled_.clone();
}

}  // namespace restyle
