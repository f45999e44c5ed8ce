// FillSteadier: a fresh fill that jitters from frame to frame is pulled toward the previous
// output where one flow step explains the frame, and left exactly as filled where the frame
// shows something the previous frame did not (no stale look on new content), and outside the
// filled regions.
#include <gtest/gtest.h>

#include <opencv2/imgproc.hpp>

#include "propagate/FillSteadier.h"

using namespace restyle;

namespace {

cv::Mat texture(cv::Size size, int seed) {
    cv::Mat m(size, CV_8UC3);
    cv::RNG rng{uint64_t(seed)};
    rng.fill(m, cv::RNG::UNIFORM, 40, 216);
    cv::GaussianBlur(m, m, cv::Size(0, 0), 2.0);
    return m;
}

}  // namespace

TEST(FillSteadier, JitteryFillIsSteadiedWhereTheStepHoldsAndKeptWhereContentIsNew) {
    const cv::Size size(160, 120);
    const cv::Mat source = texture(size, 1);
    // Frame t-1's output there, and frame t's fresh fill: the same look plus jitter.
    const cv::Mat previous(size, CV_8UC3, cv::Scalar(100, 100, 100));
    const cv::Mat filled(size, CV_8UC3, cv::Scalar(140, 140, 140));
    cv::Mat fresh = cv::Mat::zeros(size, CV_8U);
    fresh(cv::Rect(20, 20, 50, 50)).setTo(255);   // static content, refilled
    fresh(cv::Rect(100, 20, 40, 50)).setTo(255);  // content the previous frame did not show
    cv::Mat current = source.clone();
    cv::rectangle(current, cv::Rect(100, 20, 40, 50), cv::Scalar(30, 30, 240), cv::FILLED);
    const cv::Mat still = cv::Mat::zeros(size, CV_32FC2);  // a static camera
    const cv::Mat consistent = cv::Mat::zeros(size, CV_8U);

    FillSteadier steadier(0.3, 2.0, {});
    steadier.remember(previous, source);
    const cv::Mat out = steadier.apply(filled, fresh, current, still, consistent);
    // Steadied: 30% of the way back to the previous output, inside the refilled region.
    EXPECT_NEAR(out.at<cv::Vec3b>(45, 45)[0], 128, 1);
    // New content: the fill, exactly; and beyond any filled region's margin, untouched.
    EXPECT_EQ(out.at<cv::Vec3b>(45, 120)[0], 140);
    EXPECT_EQ(out.at<cv::Vec3b>(100, 10)[0], 140);
    // Nothing remembered (a cut cleared it): the fill as is.
    steadier.clear();
    EXPECT_EQ(cv::norm(steadier.apply(filled, fresh, current, still, consistent), filled,
                       cv::NORM_INF),
              0.0);
}
