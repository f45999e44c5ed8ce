// .flo files, the flow cache and the overlay preview on a generated clip.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <opencv2/imgcodecs.hpp>

#include "common/Error.h"
#include "flow/FloFile.h"
#include "flow/FlowCache.h"
#include "flow/FlowPreview.h"
#include "flow/Warp.h"
#include "media/SampleClip.h"
#include "media/VideoReader.h"
#include "support/TestSupport.h"

using namespace restyle;
using namespace restyle::test;
namespace fs = std::filesystem;

namespace {

TEST(FloFile, RoundTripIsExact) {
    TempDir tmp;
    cv::Mat flow(37, 53, CV_32FC2);
    cv::randn(flow, 0, 40);
    flow.at<cv::Vec2f>(0, 0) = cv::Vec2f(1e-7f, -123456.75f);
    writeFlo(tmp.path("a.flo"), flow);
    EXPECT_EQ(fs::file_size(tmp.path("a.flo")), 12u + 37 * 53 * 8);
    const cv::Mat back = readFlo(tmp.path("a.flo"));
    EXPECT_EQ(cv::norm(flow, back, cv::NORM_INF), 0.0);
}

TEST(FloFile, BadFilesAreInputErrors) {
    TempDir tmp;
    std::ofstream(tmp.path("text.flo")) << "not a flow";
    EXPECT_THROW(readFlo(tmp.path("text.flo")), InputError);
    cv::Mat flow(10, 10, CV_32FC2, cv::Scalar(1, 2));
    writeFlo(tmp.path("t.flo"), flow);
    fs::resize_file(tmp.path("t.flo"), 100);
    EXPECT_THROW(readFlo(tmp.path("t.flo")), InputError);
    EXPECT_THROW(readFlo(tmp.path("missing.flo")), InputError);
}

TEST(FlowCache, HitReturnsTheSameFlowAndKeysSeparateSettings) {
    TempDir tmp;
    writeSampleClip(tmp.path("clip.mp4"), SampleClipOptions{160, 90, 4, 30, 1});
    FlowCache cache(tmp.path("cache"));
    const std::string k = FlowCache::key(tmp.path("clip.mp4"), "dis-fast|x", {160, 90}, 0);
    EXPECT_NE(k, FlowCache::key(tmp.path("clip.mp4"), "dis-medium|x", {160, 90}, 0));
    EXPECT_NE(k, FlowCache::key(tmp.path("clip.mp4"), "dis-fast|x", {80, 45}, 0));
    cv::Mat to(90, 160, CV_32FC2), from(90, 160, CV_32FC2), a, b;
    cv::randn(to, 0, 5);
    cv::randn(from, 0, 5);
    EXPECT_FALSE(cache.get(k, 3, a, b));
    cache.put(k, 3, to, from);
    ASSERT_TRUE(cache.get(k, 3, a, b));
    EXPECT_EQ(cv::norm(a, to, cv::NORM_INF), 0.0);
    EXPECT_EQ(cv::norm(b, from, cv::NORM_INF), 0.0);
    // Same content under another name: same fingerprint.
    fs::copy_file(tmp.path("clip.mp4"), tmp.path("copy.mp4"));
    EXPECT_EQ(FlowCache::clipFingerprint(tmp.path("clip.mp4")),
              FlowCache::clipFingerprint(tmp.path("copy.mp4")));
}

TEST(FlowCache, EvictsOldestBeyondItsLimit) {
    TempDir tmp;
    FlowCache cache(tmp.path("cache"), 200 * 1000);  // room for ~3 entries of 64 KB
    const cv::Mat f(64, 64, CV_32FC2, cv::Scalar(1, 1));
    for (int i = 0; i < 12; ++i)
        cache.put("key" + std::to_string(i), 0, f, f);
    int left = 0;
    for (const auto& e : fs::directory_iterator(tmp.path("cache")))
        left += e.is_directory();
    EXPECT_LE(left, 5);
    cv::Mat a, b;
    EXPECT_TRUE(cache.get("key11", 0, a, b));  // the newest survives
}

TEST(FlowPreview, WritesOverlayFloFilesAndUsesTheCache) {
    TempDir tmp;
    const std::string clip = tmp.path("clip.mp4");
    writeSampleClip(clip, SampleClipOptions{192, 108, 12, 30, 2});
    FlowPreviewOptions o;
    o.overlay = OverlayMode::Warp;
    o.floDir = tmp.path("flo");
    o.useCache = true;
    o.cacheDir = tmp.path("cache");
    const auto r1 = renderFlowPreview(clip, tmp.path("warp.mp4"), o, {}, {});
    EXPECT_EQ(r1.frames, 12);
    EXPECT_EQ(r1.cacheHits, 0);
    EXPECT_EQ(probeVideo(tmp.path("warp.mp4")).frames, 12);
    EXPECT_GT(r1.meanReliableShare, 0.5);
    // Each .flo (frame 0 -> N) explains frame N better than no motion does.
    VideoReader reader(clip);
    const cv::Mat first = reader.frameAt(0).image;
    for (int n : {3, 7, 11}) {
        const cv::Mat frameN = reader.frameAt(n).image;
        char name[32];
        std::snprintf(name, sizeof name, "/%06d.flo", n);
        const cv::Mat flow = readFlo(o.floDir + name);
        const cv::Mat rebuilt = warpImage(frameN, flow);  // frame 0 seen through the flow
        const cv::Rect inner(20, 12, 152, 84);
        EXPECT_LT(meanAbsDiff(rebuilt(inner), first(inner)),
                  0.6 * meanAbsDiff(frameN(inner), first(inner)))
            << "frame " << n;
    }
    // Second run: every flow after frame 0 comes from the cache, output identical in count.
    for (auto mode : {OverlayMode::Color, OverlayMode::Arrows, OverlayMode::Occlusion}) {
        o.overlay = mode;
        o.floDir.clear();
        const auto r2 = renderFlowPreview(clip, tmp.path("o.mp4"), o, {}, {});
        EXPECT_EQ(r2.cacheHits, 11);
        EXPECT_EQ(probeVideo(tmp.path("o.mp4")).frames, 12);
    }
}

TEST(FlowPreview, EditWithAnotherAspectRatioIsRefused) {
    TempDir tmp;
    writeSampleClip(tmp.path("clip.mp4"), SampleClipOptions{160, 90, 3, 30, 1});
    cv::imwrite(tmp.path("square.png"), cv::Mat(100, 100, CV_8UC3, cv::Scalar(1, 2, 3)));
    FlowPreviewOptions o;
    o.overlay = OverlayMode::Warp;
    o.firstEdit = tmp.path("square.png");
    try {
        renderFlowPreview(tmp.path("clip.mp4"), tmp.path("o.mp4"), o, {}, {});
        FAIL();
    } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find("square.png"), std::string::npos);
    }
    EXPECT_FALSE(fs::exists(tmp.path("o.mp4")));
    // Same aspect, other size: scaled to fit.
    cv::imwrite(tmp.path("big.png"), cv::Mat(180, 320, CV_8UC3, cv::Scalar(1, 2, 3)));
    o.firstEdit = tmp.path("big.png");
    EXPECT_EQ(renderFlowPreview(tmp.path("clip.mp4"), tmp.path("o.mp4"), o, {}, {}).frames, 3);
}

}  // namespace
