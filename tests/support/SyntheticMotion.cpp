#include "support/SyntheticMotion.h"

#include <cmath>
#include <opencv2/imgproc.hpp>

namespace restyle::test {

cv::Mat makeTexture(cv::Size size, unsigned seed) {
    cv::RNG rng(seed);
    cv::Mat acc(size, CV_32FC3, cv::Scalar::all(0));
    // Octaves of smooth noise: coarse colour regions and fine grain.
    for (int octave = 0; octave < 5; ++octave) {
        const int cell = 64 >> octave;
        cv::Mat small(std::max(2, size.height / cell), std::max(2, size.width / cell), CV_32FC3);
        rng.fill(small, cv::RNG::UNIFORM, 0.0, 1.0);
        cv::Mat up;
        cv::resize(small, up, size, 0, 0, cv::INTER_CUBIC);
        acc += up * (1.0 / (1 << (4 - octave)) + 0.2);
    }
    cv::normalize(acc, acc, 20, 235, cv::NORM_MINMAX);
    cv::Mat tex;
    acc.convertTo(tex, CV_8UC3);
    for (int i = 0; i < size.area() / 4000; ++i) {
        const cv::Point c(rng.uniform(0, size.width), rng.uniform(0, size.height));
        const cv::Scalar col(rng.uniform(0, 255), rng.uniform(0, 255), rng.uniform(0, 255));
        if (i % 2)
            cv::circle(tex, c, rng.uniform(3, 18), col, cv::FILLED, cv::LINE_AA);
        else
            cv::rectangle(tex, c, c + cv::Point(rng.uniform(4, 30), rng.uniform(4, 30)), col,
                          cv::FILLED, cv::LINE_AA);
    }
    return tex;
}

AffineSequence::AffineSequence(cv::Mat texture, cv::Size frameSize,
                               std::vector<cv::Matx23d> cameras)
    : texture_(std::move(texture)), frameSize_(frameSize), cameras_(std::move(cameras)) {}

static cv::Matx33d full(const cv::Matx23d& m) {
    return cv::Matx33d(m(0, 0), m(0, 1), m(0, 2), m(1, 0), m(1, 1), m(1, 2), 0, 0, 1);
}

AffineSequence AffineSequence::steady(const cv::Mat& texture, cv::Size frameSize, int frames,
                                      double dx, double dy, double degrees, double zoom) {
    // Start with the frame centred on the texture.
    const cv::Point2d centre(frameSize.width / 2.0, frameSize.height / 2.0);
    cv::Matx33d cam = full(cv::Matx23d(1, 0, frameSize.width / 2.0 - texture.cols / 2.0, 0, 1,
                                       frameSize.height / 2.0 - texture.rows / 2.0));
    // One step of scene motion in frame coordinates: about the centre.
    const cv::Mat r = cv::getRotationMatrix2D(centre, degrees, zoom);
    cv::Matx33d step =
        full(cv::Matx23d(r.ptr<double>(0)[0], r.ptr<double>(0)[1], r.ptr<double>(0)[2] + dx,
                         r.ptr<double>(1)[0], r.ptr<double>(1)[1], r.ptr<double>(1)[2] + dy));
    std::vector<cv::Matx23d> cams;
    for (int t = 0; t < frames; ++t) {
        cams.push_back(
            cv::Matx23d(cam(0, 0), cam(0, 1), cam(0, 2), cam(1, 0), cam(1, 1), cam(1, 2)));
        cam = step * cam;
    }
    return AffineSequence(texture, frameSize, cams);
}

cv::Mat AffineSequence::frame(int t) const {
    cv::Mat out;
    cv::warpAffine(texture_, out, cv::Mat(cameras_[size_t(t)]), frameSize_, cv::INTER_CUBIC,
                   cv::BORDER_REFLECT);
    return out;
}

cv::Mat AffineSequence::trueFlow(int a, int b) const {
    const cv::Matx33d m = full(cameras_[size_t(b)]) * full(cameras_[size_t(a)]).inv();
    cv::Mat flow(frameSize_, CV_32FC2);
    for (int y = 0; y < flow.rows; ++y)
        for (int x = 0; x < flow.cols; ++x) {
            const double px = m(0, 0) * x + m(0, 1) * y + m(0, 2);
            const double py = m(1, 0) * x + m(1, 1) * y + m(1, 2);
            flow.at<cv::Vec2f>(y, x) = cv::Vec2f(float(px - x), float(py - y));
        }
    return flow;
}

double endPointError(const cv::Mat& flow, const cv::Mat& truth, double margin,
                     const cv::Mat& excludeMask) {
    const int mx = int(flow.cols * margin), my = int(flow.rows * margin);
    double sum = 0;
    int n = 0;
    for (int y = my; y < flow.rows - my; ++y)
        for (int x = mx; x < flow.cols - mx; ++x) {
            if (!excludeMask.empty() && excludeMask.at<uchar>(y, x)) continue;
            const cv::Vec2f d = flow.at<cv::Vec2f>(y, x) - truth.at<cv::Vec2f>(y, x);
            sum += std::sqrt(d.dot(d));
            ++n;
        }
    return n ? sum / n : 0.0;
}

cv::Mat leavesFrame(const cv::Mat& flow, int margin) {
    cv::Mat m(flow.size(), CV_8U);
    for (int y = 0; y < flow.rows; ++y)
        for (int x = 0; x < flow.cols; ++x) {
            const cv::Vec2f f = flow.at<cv::Vec2f>(y, x);
            const float px = x + f[0], py = y + f[1];
            m.at<uchar>(y, x) = (px < margin || py < margin || px > flow.cols - 1 - margin ||
                                 py > flow.rows - 1 - margin)
                                    ? 255
                                    : 0;
        }
    return m;
}

double maskIoU(const cv::Mat& a, const cv::Mat& b) {
    const int inter = cv::countNonZero(a & b);
    const int uni = cv::countNonZero(a | b);
    return uni ? double(inter) / uni : 1.0;
}

}  // namespace restyle::test
