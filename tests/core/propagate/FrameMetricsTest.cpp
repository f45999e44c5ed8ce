#include <gtest/gtest.h>

#include <opencv2/core.hpp>

#include "propagate/FrameMetrics.h"

using namespace restyle;

// Lai et al.'s E_warp: per pixel the squared differences summed over the channels (values in
// [0, 1]), averaged over the pixels the mask does not exclude.
TEST(WarpingError, IsTheChannelSumOfSquaredDifferencesAveragedOverTrustedPixels) {
    cv::Mat current(4, 5, CV_8UC3, cv::Scalar(0, 0, 0));
    cv::Mat previous(4, 5, CV_8UC3, cv::Scalar(0, 0, 0));
    current.at<cv::Vec3b>(0, 0) = {255, 0, 0};      // 1.0
    current.at<cv::Vec3b>(1, 2) = {51, 102, 0};     // 0.04 + 0.16
    previous.at<cv::Vec3b>(3, 4) = {0, 0, 255};     // 1.0, but excluded below
    current.at<cv::Vec3b>(2, 1) = {200, 200, 200};  // equal to previous: 0
    previous.at<cv::Vec3b>(2, 1) = {200, 200, 200};
    cv::Mat unreliable = cv::Mat::zeros(4, 5, CV_8U);
    unreliable.at<uchar>(3, 4) = 255;
    EXPECT_NEAR(warpingError(current, previous, unreliable), (1.0 + 0.2) / 19, 1e-12);
    EXPECT_NEAR(warpingError(current, previous, cv::Mat()), (1.0 + 0.2 + 1.0) / 20, 1e-12);
    EXPECT_EQ(warpingError(current, previous, cv::Mat(4, 5, CV_8U, cv::Scalar(255))), 0.0);
}
