// interpolateBatch: the frames between a diffusion batch's keyframes, on a pan with known
// motion, come out as the keyframes' look moved with the content; keyframes come out as
// generated; spreading the frames over every core, or planning them beforehand (on one
// thread or all), gives the very same frames.
#include <gtest/gtest.h>

#include <opencv2/imgproc.hpp>

#include "propagate/BatchInterpolation.h"

using namespace restyle;

namespace {

constexpr int kPan = 2;  // px per frame, to the right

// Frame t of the pan: a smooth texture moved kPan * t px right.
cv::Mat panFrame(int t) {
    static const cv::Mat base = [] {
        cv::Mat m(96, 160 + 40 * kPan, CV_8UC3);
        cv::RNG rng{7};
        rng.fill(m, cv::RNG::UNIFORM, 30, 226);
        cv::GaussianBlur(m, m, cv::Size(0, 0), 2.5);
        return m;
    }();
    return base(cv::Rect(40 * kPan - kPan * t, 0, 160, 96)).clone();
}

// The "generated" look of a frame: a fixed colour mapping, so every frame's truth is known.
cv::Mat look(const cv::Mat& source) {
    cv::Mat out;
    cv::bitwise_not(source, out);
    return out;
}

cv::Mat constantFlow(float dx) {
    return cv::Mat(96, 160, CV_32FC2, cv::Scalar(dx, 0.0f));
}

// Frames 1..8 after the carried frame 0, keyframes at frames 4 and 8.
FinishedBatch panBatch() {
    FinishedBatch batch;
    batch.before = look(panFrame(0));
    batch.beforeSource = panFrame(0);
    for (int t = 1; t <= 8; ++t) {
        BufferedFrame f;
        f.index = t;
        f.source = panFrame(t);
        f.toPrevious = constantFlow(-kPan);  // frame t's pixel is kPan px left in t-1
        f.fromPrevious = constantFlow(kPan);
        batch.frames.push_back(f);
    }
    batch.keys = {3, 7};
    batch.generated = {look(panFrame(4)), look(panFrame(8))};
    return batch;
}

}  // namespace

TEST(BatchInterpolation, FramesBetweenKeyframesCarryTheLookWithThePanAndKeyframesAreAsGenerated) {
    const FinishedBatch batch = panBatch();
    const auto out = interpolateBatch(batch);
    ASSERT_EQ(out.size(), batch.frames.size());
    for (size_t i = 0; i < out.size(); ++i) {
        EXPECT_EQ(out[i].index, batch.frames[i].index);
        const cv::Mat truth = look(batch.frames[i].source);
        if (i == 3 || i == 7) {
            EXPECT_EQ(cv::norm(out[i].image, truth, cv::NORM_INF), 0.0) << "keyframe " << i;
            continue;
        }
        // Away from the left edge, where the pan brings in what no keyframe showed.
        const cv::Rect inner(8 * kPan + 4, 4, 160 - 8 * kPan - 8, 88);
        EXPECT_GT(cv::PSNR(out[i].image(inner), truth(inner)), 35.0) << "frame " << i;
    }
}

TEST(BatchInterpolation, SpreadOverEveryCoreGivesTheSameFramesAsOneThread) {
    const FinishedBatch batch = panBatch();
    const auto one = interpolateBatch(batch, false);
    const auto all = interpolateBatch(batch, true);
    ASSERT_EQ(one.size(), all.size());
    for (size_t i = 0; i < one.size(); ++i) {
        EXPECT_EQ(one[i].index, all[i].index);
        EXPECT_EQ(cv::norm(one[i].image, all[i].image, cv::NORM_INF), 0.0) << "frame " << i;
        EXPECT_EQ(one[i].reliableShare, all[i].reliableShare);
    }
}

TEST(BatchInterpolation, PlannedBeforeTheKeyframesExistOnOneThreadOrAllGivesTheSameFrames) {
    FinishedBatch batch = panBatch();
    const auto unplanned = interpolateBatch(batch);
    for (const bool allCores : {false, true}) {
        batch.plans = planInterpolation(batch.frames, batch.keys, batch.beforeSource, allCores);
        ASSERT_EQ(batch.plans.size(), batch.frames.size());
        EXPECT_TRUE(batch.plans[3].toA.empty()) << "keyframes need no plan";
        EXPECT_FALSE(batch.plans[0].toA.empty());
        const auto planned = interpolateBatch(batch);
        for (size_t i = 0; i < planned.size(); ++i)
            EXPECT_EQ(cv::norm(planned[i].image, unplanned[i].image, cv::NORM_INF), 0.0)
                << "frame " << i << (allCores ? ", planned on every core" : "");
    }
}
