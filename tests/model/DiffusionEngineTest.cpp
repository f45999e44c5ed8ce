// The FlowVid engine on the tiny SD + ControlNet of the same code (built by
// models/tiny/tiny_diffusion.py): reproducible per seed with canny and depth conditions,
// progress that only rises, frames taken while a batch samples and each batch's frames out
// before the next batch's sampling is taken, cancel within a step, and refusals of models it
// cannot use.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <opencv2/imgcodecs.hpp>

#include "common/Error.h"
#include "diffusion/SdModel.h"
#include "diffusion/detail/SdModelImpl.h"
#include "media/SampleClip.h"
#include "propagate/DiffusionEngine.h"
#include "propagate/Pipeline.h"
#include "support/TestSupport.h"

using namespace restyle;
using namespace restyle::test;
using namespace restyle::diffusion;

namespace {

const std::string kTiny = RESTYLE_TINY_MODELS;

PropagationSettings engine(const std::string& model) {
    PropagationSettings s;
    s.engine = "diffusion";
    s.engineSettings = {{"model", model},
                        {"batch", 4},
                        {"keyframe_interval", 3},
                        {"steps", 2},
                        {"prompt", "the painting"}};
    return s;
}

// A 14-frame clip c.mp4 in `tmp` and its first frame's edit (inverted), as the keyframe.
Keyframe clipAndEditedFirstFrame(const TempDir& tmp) {
    writeSampleClip(tmp.path("c.mp4"), SampleClipOptions{64, 48, 14, 25, 6});
    cv::imwrite(tmp.path("first.png"), 255 - sceneFrame(64, 48, 6));
    Keyframe k;
    k.image = tmp.path("first.png");
    return k;
}

TEST(DiffusionEngine, PropagatesAClipReproduciblyPerSeedWithCannyAndDepth) {
    TempDir tmp;
    const Keyframe k = clipAndEditedFirstFrame(tmp);
    PropagationSettings s = engine(kTiny + "/tiny-sd");
    s.seed = 1;
    const auto r1 = propagate(tmp.path("c.mp4"), tmp.path("a.mp4"), {k}, s, {}, {});
    EXPECT_EQ(r1.frames, 14);
    EXPECT_GT(r1.modelSeconds, 0.0);
    propagate(tmp.path("c.mp4"), tmp.path("b.mp4"), {k}, s, {}, {});
    s.seed = 2;
    propagate(tmp.path("c.mp4"), tmp.path("o.mp4"), {k}, s, {}, {});
    s.seed = 1;
    s.engineSettings["control"] = "depth";
    s.engineSettings["depth_model"] = kTiny + "/tiny-depth";
    propagate(tmp.path("c.mp4"), tmp.path("d.mp4"), {k}, s, {}, {});
    const auto a = readAllFrames(tmp.path("a.mp4")), b = readAllFrames(tmp.path("b.mp4")),
               o = readAllFrames(tmp.path("o.mp4")), d = readAllFrames(tmp.path("d.mp4"));
    ASSERT_EQ(a.size(), 14u);
    ASSERT_EQ(d.size(), 14u);
    double same = 0, seed = 0, depth = 0;
    for (size_t i = 1; i < a.size(); ++i) {
        same += cv::norm(a[i], b[i], cv::NORM_L1);
        seed += cv::norm(a[i], o[i], cv::NORM_L1);
        depth += cv::norm(a[i], d[i], cv::NORM_L1);
    }
    EXPECT_EQ(same, 0.0);
    EXPECT_GT(seed, 0.0);
    EXPECT_GT(depth, 0.0) << "the depth condition reaches the ControlNet";
}

TEST(DiffusionEngine, ProgressNeverGoesBackWhileABatchIsInterpolatedBesideTheNextOne) {
    // 14 frames in batches of 9 (3 keyframes of interval 3 after the carried one): the
    // second batch's sampling reports its work while the first batch's frames are counted as
    // they are written; the frames done must only rise, and reach 14.
    TempDir tmp;
    const Keyframe k = clipAndEditedFirstFrame(tmp);
    std::vector<int64_t> done;
    const auto r = propagate(tmp.path("c.mp4"), tmp.path("a.mp4"), {k}, engine(kTiny + "/tiny-sd"),
                             [&](const Progress& p) { done.push_back(p.done); }, {});
    EXPECT_EQ(r.frames, 14);
    ASSERT_FALSE(done.empty());
    for (size_t i = 1; i < done.size(); ++i)
        EXPECT_GE(done[i], done[i - 1]) << "progress report " << i << ": " << testing::PrintToString(done);
    EXPECT_EQ(done.back(), 14);
    EXPECT_EQ(readAllFrames(tmp.path("a.mp4")).size(), 14u);
}

// Batches of 3 keyframes of interval 2 after the carried one: 6 frames each.
DiffusionEngine::Settings smallBatches() {
    DiffusionEngine::Settings s;
    s.model = kTiny + "/tiny-sd";
    s.batch = 4;
    s.keyframeInterval = 2;
    s.steps = 1;
    s.prompt = "the painting";
    return s;
}

// Frame t of a still clip with its first frame's edit (inverted) as the keyframe.
struct StillClip {
    cv::Mat source = sceneFrame(64, 48);
    ResolvedKeyframe key{0, source, 255 - source, nullptr, {}};
    cv::Mat still = cv::Mat(48, 64, CV_32FC2, cv::Scalar::all(0));
    FrameContext at(int64_t t) const {
        FrameContext c;
        c.index = t;
        c.source = source;
        c.previousKey = &key;
        c.flow.toPrevious = still;
        c.flow.fromPrevious = still;
        return c;
    }
};

TEST(DiffusionEngine, EachBatchsFramesComeOutBeforeTheNextBatchsSamplingAndTheLastBatchsAsDecoded) {
    // 11 frames: 1-6, then 7-10 (keyframes 8 and 10). Each frame is recorded with the
    // sampling time counted when it came out: the first batch's frames with the first
    // batch's only; the last batch's frames up to its first keyframe as soon as that is
    // decoded, before its sampling has ended and is counted.
    DiffusionEngine engine(smallBatches());
    const StillClip clip;
    std::vector<std::pair<int64_t, double>> got;  // frame, sampling seconds by then
    auto take = [&](const std::vector<EngineOutput>& outs) {
        for (const auto& o : outs)
            got.emplace_back(o.index, engine.modelSeconds());
        return outs.size();
    };
    for (int64_t t = 0; t <= 10; ++t)
        take(engine.push(clip.at(t)));
    int finishCalls = 0;
    while (take(engine.finish()) > 0)
        ASSERT_LT(++finishCalls, 6) << "finish() must run dry";
    ASSERT_EQ(got.size(), 11u);
    for (size_t i = 0; i < got.size(); ++i)
        EXPECT_EQ(got[i].first, int64_t(i)) << "in order, each once";
    const double afterFirst = got[1].second, afterSecond = got[10].second;
    EXPECT_GT(afterFirst, 0.0);
    EXPECT_GT(afterSecond, afterFirst);
    for (size_t i = 1; i <= 8; ++i)
        EXPECT_EQ(got[i].second, afterFirst) << "frame " << i;
    EXPECT_EQ(got[9].second, afterSecond) << "frame 9, after the last keyframe";
}

TEST(DiffusionEngine, TheNextFramesAreTakenWhileABatchSamples) {
    // The first batch's sampling reports its first step and waits there until frame 7 (the
    // next batch's first) has been pushed: were sampling done inside push(), it would wait
    // for a frame that cannot come (and give up after a minute).
    const StillClip clip;
    std::promise<void> nextPushed;
    const std::shared_future<void> pushed = nextPushed.get_future().share();
    std::atomic<bool> waited{false}, sawNext{false};
    auto onWork = [&](double) {
        if (!waited.exchange(true))
            sawNext = pushed.wait_for(std::chrono::seconds(60)) == std::future_status::ready;
    };
    DiffusionEngine engine(smallBatches());  // last: its workers go before what they use
    size_t out = 0;
    for (int64_t t = 0; t <= 7; ++t) {
        FrameContext c = clip.at(t);
        c.onWork = onWork;
        out += engine.push(c).size();
    }
    nextPushed.set_value();
    for (auto more = engine.finish(); !more.empty(); more = engine.finish())
        out += more.size();
    EXPECT_TRUE(waited.load()) << "sampling reports its steps";
    EXPECT_TRUE(sawNext.load()) << "frame 7 was taken while the first batch sampled";
    EXPECT_EQ(out, 8u);
}

TEST(DiffusionEngine, CancelStopsWithinOneStep) {
    auto model = SdModel::load(kTiny + "/tiny-sd", "", "cpu");
    std::stop_source stop;
    std::atomic<int> steps{0};
    SampleRequest r;
    r.init = {cv::Mat(64, 64, CV_8UC3, cv::Scalar(10, 120, 200))};
    r.steps = 20;
    r.strength = 1.0;
    r.stop = stop.get_token();
    r.onStep = [&](int step, int) {
        steps = step;
        if (step == 2) stop.request_stop();
    };
    EXPECT_THROW(sample(*model, r), CanceledError);
    EXPECT_EQ(steps.load(), 2);
}

TEST(DiffusionEngine, CancelStopsWithinOneDecode) {
    auto model = SdModel::load(kTiny + "/tiny-sd", "", "cpu");
    std::stop_source stop;
    std::vector<size_t> decoded;
    SampleRequest r;
    r.init.assign(3, cv::Mat(64, 64, CV_8UC3, cv::Scalar(10, 120, 200)));
    r.steps = 1;
    r.stop = stop.get_token();
    r.onImage = [&](size_t i, const cv::Mat&) {
        decoded.push_back(i);
        stop.request_stop();
    };
    EXPECT_THROW(sample(*model, r), CanceledError);
    EXPECT_EQ(decoded, std::vector<size_t>{0}) << "each output is given as it is decoded";
}

TEST(DiffusionEngine, ACancelWhileTheFirstBatchIsEncodedAheadEndsItsSamplingAsCanceled) {
    // Frames 1-3 of a 6-frame batch: keyframe 2 is being encoded ahead when the run is
    // cancelled; what finish() then gives out is the cancel, not a hang or another error.
    const StillClip clip;
    std::stop_source stop;
    DiffusionEngine engine(smallBatches());
    for (int64_t t = 0; t <= 3; ++t) {
        FrameContext c = clip.at(t);
        c.stop = stop.get_token();
        engine.push(c);
    }
    stop.request_stop();
    EXPECT_THROW(
        for (auto more = engine.finish(); !more.empty(); more = engine.finish()) {},
        CanceledError);
}

TEST(DiffusionEngine, RefusesAnInstructPix2PixModelAndAMissingModel) {
    TempDir tmp;
    writeSampleClip(tmp.path("c.mp4"), SampleClipOptions{64, 48, 3, 25, 1});
    Keyframe k;
    k.editor = "cartoon";
    PropagationSettings s = engine("");
    s.engineSettings.erase("model");
    EXPECT_THROW(propagate(tmp.path("c.mp4"), tmp.path("o.mp4"), {k}, s, {}, {}), InputError);
    s = engine(kTiny + "/tiny-ip2p");
    EXPECT_THROW(propagate(tmp.path("c.mp4"), tmp.path("o.mp4"), {k}, s, {}, {}), InputError);
    s = engine(kTiny + "/tiny-sd");
    s.engineSettings["control"] = "depth";
    EXPECT_THROW(propagate(tmp.path("c.mp4"), tmp.path("o.mp4"), {k}, s, {}, {}), InputError);
}

}  // namespace
