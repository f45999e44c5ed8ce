// The warp engine's settings from a job's engine settings: how closely a keyframe's warp
// must agree with the frame before the engine keeps it rather than filling.
#include <gtest/gtest.h>

#include "common/Error.h"
#include "media/VideoReader.h"
#include "propagate/PropagationEngine.h"
#include "propagate/WarpEngine.h"

using namespace restyle;

namespace {

// Frame 1 of a still shot: frame 0 with a square whose texture is off by `levels` (a check
// of 8 px cells, so no exposure correction explains it), the flow the identity.
struct StillShot {
    ResolvedKeyframe key;
    cv::Mat frame;
    cv::Rect square{40, 40, 48, 48};

    explicit StillShot(int levels) {
        VideoReader reader("/usr/share/doc/opencv-doc/examples/data/vtest.avi",
                           ReaderOptions{160, 0});
        key.source = reader.frameAt(0).image;
        key.edited = 255 - key.source;
        frame = key.source.clone();
        for (int y = 0; y < square.height; ++y)
            for (int x = 0; x < square.width; ++x) {
                const int sign = ((x / 8 + y / 8) % 2) ? 1 : -1;
                cv::Vec3b& p = frame.at<cv::Vec3b>(square.y + y, square.x + x);
                for (int c = 0; c < 3; ++c)
                    p[c] = cv::saturate_cast<uchar>(p[c] + sign * levels);
            }
    }
    double reliableShare(PropagationEngine& engine) const {
        FrameContext f;
        f.index = 1;
        f.source = frame;
        f.previousKey = &key;
        f.flow.toAnchor = cv::Mat::zeros(frame.size(), CV_32FC2);
        f.flow.unreliable = cv::Mat::zeros(frame.size(), CV_8U);
        return engine.push(f).at(0).reliableShare;
    }
};

}  // namespace

TEST(WarpEngine, AWarpTwelveLevelsOffIsKeptByDefaultAndFilledWhenAgreeIsEight) {
    const StillShot shot(12);
    const double squareShare = double(shot.square.area()) / double(shot.frame.total());
    EXPECT_GT(shot.reliableShare(*createPropagationEngine("warp", {})), 1.0 - 0.1 * squareShare);
    const double strict =
        shot.reliableShare(*createPropagationEngine("warp", {{"agree", 8}, {"close", 4}}));
    EXPECT_LT(strict, 1.0 - 0.8 * squareShare);
    EXPECT_GT(strict, 1.0 - 2.0 * squareShare);  // only around the square
}

TEST(WarpEngine, SettingsComeFromEngineSettingsAndBadOnesAreRefused) {
    const auto s = WarpEngine::Settings::fromJson(
        {{"agree", 10}, {"close", 5}, {"feather", 3}, {"reanchor", 4}, {"fill_steadiness", 0}});
    EXPECT_EQ(s.reliability.agree, 10);
    EXPECT_EQ(s.reliability.close, 5);
    EXPECT_EQ(s.featherSigma, 3);
    EXPECT_EQ(s.reanchorInterval, 4);
    EXPECT_EQ(s.fillSteadiness, 0);
    EXPECT_EQ(WarpEngine::Settings::fromJson(nlohmann::json::object()).reliability.agree, 14);
    EXPECT_THROW(WarpEngine::Settings::fromJson({{"agree", -1}}), InputError);
    EXPECT_THROW(WarpEngine::Settings::fromJson({{"close", "tight"}}), InputError);
    EXPECT_THROW(createPropagationEngine("warp", {{"reanchor", 0}}), InputError);
}
