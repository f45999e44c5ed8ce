#include "media/ShotDetector.h"

#include <algorithm>
#include <opencv2/imgproc.hpp>

#include "media/VideoReader.h"

namespace restyle {

namespace {

cv::Mat colourHistogram(const cv::Mat& small) {
    cv::Mat hist = cv::Mat::zeros(1, 512, CV_32F);
    for (int y = 0; y < small.rows; ++y)
        for (int x = 0; x < small.cols; ++x) {
            const cv::Vec3b c = small.at<cv::Vec3b>(y, x);
            hist.at<float>(0, (c[0] >> 5) * 64 + (c[1] >> 5) * 8 + (c[2] >> 5)) += 1.f;
        }
    return hist / double(small.total());
}

}  // namespace

bool ShotDetector::push(const cv::Mat& bgr, int64_t index) {
    cv::Mat small, grey;
    const int w = 64, h = std::max(1, 64 * bgr.rows / std::max(1, bgr.cols));
    cv::resize(bgr, small, cv::Size(w, h), 0, 0, cv::INTER_AREA);
    cv::cvtColor(small, grey, cv::COLOR_BGR2GRAY);
    const cv::Mat hist = colourHistogram(small);
    const bool black = cv::mean(grey)[0] < settings_.black;
    bool starts = false;
    if (!previousThumb_.empty()) {
        const double histDiff = 0.5 * cv::norm(hist, previousHist_, cv::NORM_L1);
        const double layoutDiff =
            cv::norm(grey, previousThumb_, cv::NORM_L1) / (255.0 * grey.total());
        std::vector<double> r(recent_.begin(), recent_.end());
        double typical = 0;
        if (!r.empty()) {
            std::nth_element(r.begin(), r.begin() + r.size() / 2, r.end());
            typical = r[r.size() / 2];
        }
        const bool cut = histDiff > settings_.histogram && layoutDiff > settings_.layout &&
                         layoutDiff > settings_.jump * typical;
        starts = cut || black != previousBlack_;
        recent_.push_back(layoutDiff);
        if (recent_.size() > 12) recent_.pop_front();
        if (starts) {
            recent_.clear();
            cuts_.push_back(index);
        }
    }
    previousThumb_ = grey;
    previousHist_ = hist;
    previousBlack_ = black;
    return starts;
}

std::vector<int64_t> detectCuts(const std::string& clip, ShotSettings settings) {
    VideoReader reader(clip, ReaderOptions{160, 0});
    ShotDetector detector(settings);
    VideoFrame f;
    while (reader.read(f))
        detector.push(f.image, f.index);
    return detector.cuts();
}

}  // namespace restyle
