#include "media/SampleClip.h"

#include <cmath>
#include <opencv2/imgproc.hpp>

#include "media/VideoWriter.h"

namespace restyle {

SampleScene::SampleScene(const SampleClipOptions& options) : options_(options) {
    const int w = options.width * 2, h = options.height * 2;
    cv::RNG rng(options.seed);
    // Sky-to-ground gradient, then hills, blobs and texture: enough detail for flow.
    background_.create(h, w, CV_8UC3);
    for (int y = 0; y < h; ++y) {
        const double t = double(y) / h;
        const cv::Vec3b c(uchar(230 - 120 * t), uchar(200 - 60 * t), uchar(150 + 40 * t));
        background_.row(y).setTo(cv::Scalar(c[0], c[1], c[2]));
    }
    for (int i = 0; i < 4; ++i) {
        std::vector<cv::Point> hill;
        const int base = h / 2 + i * h / 10;
        for (int x = 0; x <= w; x += 8)
            hill.emplace_back(x, base - int(h / 8 * std::sin(x * 0.004 * (i + 1) + i)));
        hill.emplace_back(w, h);
        hill.emplace_back(0, h);
        const cv::Scalar col(40 + 20 * i, 110 + 25 * i, 60 + 15 * i);
        cv::fillPoly(background_, std::vector<std::vector<cv::Point>>{hill}, col, cv::LINE_AA);
    }
    for (int i = 0; i < 160; ++i) {
        const cv::Point c(rng.uniform(0, w), rng.uniform(0, h));
        const int r = rng.uniform(4, h / 14);
        const cv::Scalar col(rng.uniform(0, 255), rng.uniform(0, 255), rng.uniform(0, 255));
        if (i % 3 == 0)
            cv::rectangle(background_, c, c + cv::Point(r, r / 2), col, cv::FILLED, cv::LINE_AA);
        else
            cv::circle(background_, c, r, col, cv::FILLED, cv::LINE_AA);
    }
    cv::Mat noise(h, w, CV_8UC3);
    rng.fill(noise, cv::RNG::NORMAL, 0, 14);
    cv::GaussianBlur(noise, noise, cv::Size(3, 3), 0);
    cv::add(background_, noise, background_);
    cv::GaussianBlur(background_, background_, cv::Size(3, 3), 0);
}

cv::Mat SampleScene::frame(int index) const {
    const double t = double(index) / std::max(1, options_.fps);
    const int w = options_.width, h = options_.height;
    // Camera: pans right and down, zooms in slowly.
    const double zoom = 1.0 + 0.04 * t;
    const double cx = w * 0.5 + 40.0 * t * w / 640.0;
    const double cy = h * 0.5 + 12.0 * t * h / 360.0;
    cv::Mat m =
        (cv::Mat_<double>(2, 3) << zoom, 0, w / 2.0 - zoom * cx, 0, zoom, h / 2.0 - zoom * cy);
    cv::Mat out;
    cv::warpAffine(background_, out, m, cv::Size(w, h), cv::INTER_LINEAR, cv::BORDER_REFLECT);
    // A ball rolling left to right in front of the landscape.
    const int r = h / 7;
    const cv::Point ball(int(w * (0.15 + 0.25 * t)), int(h * 0.62 + 0.05 * h * std::sin(3 * t)));
    cv::circle(out, ball, r, cv::Scalar(40, 60, 220), cv::FILLED, cv::LINE_AA);
    const double angle = 2.0 * t;
    for (int k = 0; k < 3; ++k) {
        const double a = angle + k * CV_PI / 3;
        const cv::Point d(int(r * std::cos(a)), int(r * std::sin(a)));
        cv::line(out, ball - d, ball + d, cv::Scalar(240, 240, 250), std::max(2, r / 6),
                 cv::LINE_AA);
    }
    return out;
}

void writeSampleClip(const std::string& path, const SampleClipOptions& options) {
    SampleScene scene(options);
    WriterOptions wo;
    wo.fpsNum = options.fps;
    wo.fpsDen = 1;
    wo.crf = 16;
    wo.preset = "veryfast";
    VideoWriter writer(path, cv::Size(options.width, options.height), wo);
    for (int i = 0; i < options.frames; ++i)
        writer.write(scene.frame(i));
    writer.finish();
}

}  // namespace restyle
