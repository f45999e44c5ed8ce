// Output formats chosen by the path: lossless FFV1 reads back exactly, ProRes 4444 nearly,
// PNG sequences in 8 and 16 bits, and anything else is refused before anything is written.
#include <gtest/gtest.h>

#include <filesystem>
#include <opencv2/imgcodecs.hpp>

#include "common/Error.h"
#include "media/OutputFormat.h"
#include "media/VideoReader.h"
#include "media/VideoWriter.h"
#include "support/TestSupport.h"

using namespace restyle;
using namespace restyle::test;

namespace {

std::vector<cv::Mat> writeFrames(const std::string& path, int bitDepth = 8) {
    std::vector<cv::Mat> frames;
    WriterOptions wo;
    wo.bitDepth = bitDepth;
    VideoWriter w(path, cv::Size(96, 64), wo);
    for (int i = 0; i < 5; ++i) {
        frames.push_back(indexedFrame(i, cv::Size(96, 64)));
        w.write(frames.back());
    }
    w.finish();
    return frames;
}

}  // namespace

TEST(OutputFormat, ChosenByExtensionAndUnknownOnesAreRefused) {
    EXPECT_EQ(outputFormatFor("a/b.mp4"), OutputFormat::H264);
    EXPECT_EQ(outputFormatFor("b.MKV"), OutputFormat::Ffv1);
    EXPECT_EQ(outputFormatFor("b.mov"), OutputFormat::ProRes4444);
    EXPECT_EQ(outputFormatFor("dir/shot_%06d.png"), OutputFormat::PngSequence);
    EXPECT_THROW(outputFormatFor("b.avi"), InputError);
    EXPECT_THROW(outputFormatFor("b.png"), InputError);  // no frame-number field
    EXPECT_THROW(outputFormatFor("b"), InputError);
    TempDir tmp;
    EXPECT_THROW(VideoWriter(tmp.path("x.webm"), cv::Size(64, 64), {}), InputError);
    EXPECT_TRUE(std::filesystem::is_empty(tmp.path()));
}

TEST(OutputFormat, Ffv1MkvReadsBackBitExact) {
    TempDir tmp;
    const auto frames = writeFrames(tmp.path("out.mkv"));
    const auto back = readAllFrames(tmp.path("out.mkv"));
    ASSERT_EQ(back.size(), frames.size());
    for (size_t i = 0; i < frames.size(); ++i)
        EXPECT_EQ(cv::norm(frames[i], back[i], cv::NORM_INF), 0.0) << "frame " << i;
}

TEST(OutputFormat, ProRes4444MovIsNearlyLossless) {
    TempDir tmp;
    const auto frames = writeFrames(tmp.path("out.mov"));
    const auto back = readAllFrames(tmp.path("out.mov"));
    ASSERT_EQ(back.size(), frames.size());
    EXPECT_GE(psnr(frames[2], back[2]), 40.0);
}

TEST(OutputFormat, PngSequencesIn8And16BitsHoldTheExactFrames) {
    TempDir tmp;
    const auto frames = writeFrames(tmp.path("s8_%06d.png"));
    for (int i = 0; i < 5; ++i) {
        const cv::Mat img =
            cv::imread(sequenceFrameName(tmp.path("s8_%06d.png"), i), cv::IMREAD_UNCHANGED);
        ASSERT_FALSE(img.empty()) << i;
        EXPECT_EQ(cv::norm(img, frames[size_t(i)], cv::NORM_INF), 0.0);
    }
    writeFrames(tmp.path("s16_%04d.png"), 16);
    const cv::Mat img16 = cv::imread(tmp.path("s16_0003.png"), cv::IMREAD_UNCHANGED);
    ASSERT_EQ(img16.depth(), CV_16U);
    cv::Mat expect;
    frames[3].convertTo(expect, CV_16UC3, 257.0);
    EXPECT_EQ(cv::norm(img16, expect, cv::NORM_INF), 0.0);
}

TEST(OutputFormat, AbandonedPngSequenceLeavesNoFiles) {
    TempDir tmp;
    {
        VideoWriter w(tmp.path("a_%03d.png"), cv::Size(32, 32), {});
        w.write(cv::Mat(32, 32, CV_8UC3, cv::Scalar(1, 2, 3)));
    }
    EXPECT_TRUE(std::filesystem::is_empty(tmp.path()));
}
