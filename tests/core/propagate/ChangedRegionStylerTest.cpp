// The fewshot engine's styler: a frame's still places keep the output drawn before, a
// changed place is drawn afresh as the network draws it, a moving camera redraws all.
#include <gtest/gtest.h>

#include <opencv2/imgproc.hpp>

#include "media/VideoReader.h"
#include "propagate/ChangedRegionStyler.h"
#include "style/KeyframeStyleNet.h"
#include "style/StyleTrainer.h"

using namespace restyle;

namespace {

cv::Mat vtestFrame(int index) {
    VideoReader reader("/usr/share/doc/opencv-doc/examples/data/vtest.avi", ReaderOptions{256, 0});
    return reader.frameAt(index).image;
}

// A network that is not the identity: a few steps towards a warm colour cast.
std::shared_ptr<KeyframeStyleNet> castNet() {
    auto net = std::make_shared<KeyframeStyleNet>(StyleNetConfig{8}, "cpu");
    StyleTrainSettings s;
    s.seconds = 86400;
    s.maxSteps = 20;
    s.patches.size = 32;
    StyleTrainer trainer(net, s);
    const cv::Mat a = vtestFrame(0);
    cv::Mat warm;
    cv::transform(a, warm, cv::Matx33f(0.5f, 0, 0, 0, 0.8f, 0, 0.2f, 0.2f, 0.9f));
    trainer.addPair(a, warm + cv::Scalar(0, 20, 60));
    trainer.train();
    return net;
}

double meanError(const cv::Mat& a, const cv::Mat& b, const cv::Mat& mask) {
    cv::Mat d;
    cv::absdiff(a, b, d);
    const cv::Scalar m = cv::mean(d, mask);
    return (m[0] + m[1] + m[2]) / 3;
}

}  // namespace

TEST(ChangedRegionStyler, StillPlacesKeepTheirOutputAndAChangedPlaceIsDrawnAsTheNetworkDrawsIt) {
    const auto net = castNet();
    const cv::Mat first = vtestFrame(0);
    ChangedRegionStyler styler;
    const cv::Mat drawn = styler.apply(*net, first, 1);
    EXPECT_EQ(styler.lastShare(), 1.0);
    EXPECT_EQ(cv::norm(drawn, net->apply(first, 1), cv::NORM_INF), 0.0);
    // The same frame again: nothing goes through the network.
    EXPECT_EQ(cv::norm(styler.apply(*net, first, 1), drawn, cv::NORM_INF), 0.0);
    EXPECT_EQ(styler.lastShare(), 0.0);
    // A person-sized place changes (another frame's pixels pasted in).
    cv::Mat second = first.clone();
    const cv::Rect place(100, 60, 24, 48);
    vtestFrame(120)(place).copyTo(second(place));
    cv::rectangle(second, place, cv::Scalar(20, 200, 240), 3);
    const cv::Mat out = styler.apply(*net, second, 1);
    EXPECT_GT(styler.lastShare(), 0.0);
    EXPECT_LT(styler.lastShare(), 0.3);
    cv::Mat changed = cv::Mat::zeros(first.size(), CV_8U);
    changed(place).setTo(255);
    EXPECT_LT(meanError(out, net->apply(second, 1), changed), 2.0);
    // Far from it, the output drawn before, bit for bit.
    cv::Mat far = cv::Mat(first.size(), CV_8U, cv::Scalar(255));
    far(cv::Rect(place.x - 40, place.y - 40, place.width + 80, place.height + 80)).setTo(0);
    cv::Mat d;
    cv::absdiff(out, drawn, d);
    cv::cvtColor(d, d, cv::COLOR_BGR2GRAY);
    EXPECT_EQ(cv::countNonZero(d & far), 0);
}

TEST(ChangedRegionStyler, AMovingCameraOrAClearRedrawsTheWholeFrame) {
    const auto net = castNet();
    const cv::Mat first = vtestFrame(0);
    ChangedRegionStyler styler;
    styler.apply(*net, first, 1);
    // Panned by 6 px: every edge moves.
    cv::Mat panned;
    cv::warpAffine(first, panned, cv::Matx23f(1, 0, 6, 0, 1, 0), first.size(), cv::INTER_LINEAR,
                   cv::BORDER_REPLICATE);
    const cv::Mat out = styler.apply(*net, panned, 1);
    EXPECT_EQ(styler.lastShare(), 1.0);
    EXPECT_EQ(cv::norm(out, net->apply(panned, 1), cv::NORM_INF), 0.0);
    styler.clear();
    styler.apply(*net, panned, 1);
    EXPECT_EQ(styler.lastShare(), 1.0);
}
