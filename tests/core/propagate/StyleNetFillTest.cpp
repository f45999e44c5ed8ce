// The warp engine's fill from the style network, and the fewshot engine: new content takes
// the learned look, every reliable pixel keeps the draft's value exactly.
#include <gtest/gtest.h>

#include <filesystem>
#include <iostream>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "common/Error.h"
#include "media/VideoReader.h"
#include "propagate/FewShotEngine.h"
#include "propagate/LearnedStyle.h"
#include "propagate/QualityCases.h"
#include "propagate/StyleNetFill.h"
#include "style/KeyframeStyleNet.h"
#include "style/StyleTrainer.h"
#include "support/TestSupport.h"

using namespace restyle;
using namespace restyle::test;

namespace {

cv::Mat frameOf(int index, int side = 160) {
    VideoReader reader("/usr/share/doc/opencv-doc/examples/data/vtest.avi", ReaderOptions{side, 0});
    return reader.frameAt(index).image;
}

// A look the network learns in a few steps: a strong colour cast.
cv::Mat cast(const cv::Mat& bgr) {
    cv::Mat out;
    cv::transform(bgr, out, cv::Matx33f(0.2f, 0, 0, 0, 0.5f, 0, 0.3f, 0.3f, 0.6f));
    return out + cv::Scalar(10, 40, 90);
}

std::shared_ptr<KeyframeStyleNet> castNet(int steps) {
    auto net = std::make_shared<KeyframeStyleNet>(StyleNetConfig{8}, "cpu");
    StyleTrainSettings s;
    s.seconds = 86400;  // the step count decides
    s.maxSteps = steps;
    s.patches.size = 32;
    s.patches.batch = 8;
    s.learningRate = 5e-3;
    StyleTrainer trainer(net, s);
    const cv::Mat a = frameOf(0);
    trainer.addPair(a, cast(a));
    trainer.train();
    return net;
}

}  // namespace

TEST(StyleNetFill, FillsNewContentAndLeavesReliablePixelsUntouched) {
    const auto net = castNet(60);
    const cv::Mat source = frameOf(40, 320);
    cv::Mat draft(source.size(), CV_8UC3);
    cv::randu(draft, 0, 256);
    cv::Mat newContent = cv::Mat::zeros(source.size(), CV_8U);
    cv::circle(newContent, {50, 60}, 12, 255, cv::FILLED);
    cv::rectangle(newContent, cv::Rect(120, 10, 20, 30), 255, cv::FILLED);
    StyleNetFill fill(net, {4, 16});
    const cv::Mat out = fill.fill(source, draft, newContent);
    // Everything farther than the feather margin (4 px, blurred over as much again) from new
    // content is the draft, bit for bit.
    cv::Mat near;
    cv::dilate(newContent, near, cv::getStructuringElement(cv::MORPH_ELLIPSE, {19, 19}));
    cv::Mat diff;
    cv::absdiff(out, draft, diff);
    cv::Mat changed;
    cv::cvtColor(diff, changed, cv::COLOR_BGR2GRAY);
    EXPECT_EQ(cv::countNonZero((changed > 0) & (near == 0)), 0);
    // New content is the network's output.
    const cv::Mat styled = net->apply(source);
    cv::Mat inner;
    cv::erode(newContent, inner, cv::getStructuringElement(cv::MORPH_ELLIPSE, {5, 5}));
    cv::Mat err;
    cv::absdiff(out, styled, err);
    EXPECT_LT(cv::mean(err, inner)[0] + cv::mean(err, inner)[1] + cv::mean(err, inner)[2], 6.0);
    // And the network ran around the two regions only.
    std::cout << "fill ran on " << fill.lastInferencePixels() << " of " << source.total()
              << " pixels\n";
    EXPECT_LT(fill.lastInferencePixels(), int64_t(source.total() / 3));
    // Nothing new: the draft comes back unchanged.
    EXPECT_EQ(cv::norm(fill.fill(source, draft, cv::Mat::zeros(source.size(), CV_8U)), draft,
                       cv::NORM_INF),
              0.0);
}

// With the default settings (no context beyond the feather), new content is still drawn as
// the network draws the whole frame: it learned on patches whose edges are all padding.
TEST(StyleNetFill, WithoutContextNewContentIsDrawnAsTheNetworkDrawsTheWholeFrame) {
    const auto net = castNet(60);
    const cv::Mat source = frameOf(40, 320);
    const cv::Mat draft = cv::Mat::zeros(source.size(), CV_8UC3);
    cv::Mat newContent = cv::Mat::zeros(source.size(), CV_8U);
    cv::circle(newContent, {50, 60}, 12, 255, cv::FILLED);
    cv::rectangle(newContent, cv::Rect(200, 100, 6, 60), 255, cv::FILLED);  // a sliver
    StyleNetFill fill(net);
    EXPECT_EQ(StyleNetFill::Settings{}.context, 0);
    const cv::Mat out = fill.fill(source, draft, newContent);
    cv::Mat err;
    cv::absdiff(out, net->apply(source), err);
    const cv::Scalar e = cv::mean(err, newContent);
    EXPECT_LT(e[0] + e[1] + e[2], 6.0);
}

TEST(StyleNetFill, FeatherAndContextComeFromEngineSettingsAndBadOnesAreRefused) {
    const auto s =
        StyleNetFill::Settings::fromJson({{"style_fill_feather", 8}, {"style_fill_context", 12}});
    EXPECT_EQ(s.feather, 8);
    EXPECT_EQ(s.context, 12);
    EXPECT_EQ(StyleNetFill::Settings::fromJson(nlohmann::json::object()).feather, 4);
    EXPECT_THROW(StyleNetFill::Settings::fromJson({{"style_fill_feather", -1}}), InputError);
    EXPECT_THROW(StyleNetFill::Settings::fromJson({{"style_fill_context", "wide"}}), InputError);
}

// A small network trained for a fixed number of steps, uncached.
FewShotEngine::Settings castSettings(int steps) {
    FewShotEngine::Settings s;
    s.learn.net.channels = 8;
    s.learn.device = "cpu";
    s.learn.useCache = false;
    s.learn.train.seconds = 86400;
    s.learn.train.maxSteps = steps;
    s.learn.train.patches.size = 32;
    s.learn.train.patches.batch = 8;
    s.learn.train.learningRate = 5e-3;
    return s;
}

std::unique_ptr<FewShotEngine> castEngine(const ResolvedKeyframe& key, double blend) {
    FewShotEngine::Settings s = castSettings(150);
    s.blend = blend;
    auto engine = std::make_unique<FewShotEngine>(s);
    engine->train({&key}, {}, {});
    return engine;
}

ResolvedKeyframe castKeyframe() {
    ResolvedKeyframe key;
    key.frame = 0;
    key.source = frameOf(0);
    key.edited = cast(key.source);
    return key;
}

TEST(FewShotEngine, KeyframeIsItsEditAndOtherFramesTakeTheLearnedLook) {
    const ResolvedKeyframe key = castKeyframe();
    auto engine = castEngine(key, 0.5);
    FrameContext f0;
    f0.index = 0;
    f0.source = key.source;
    f0.previousKey = &key;
    const auto out0 = engine->push(f0);
    ASSERT_EQ(out0.size(), 1u);
    EXPECT_EQ(cv::norm(out0[0].image, key.edited, cv::NORM_INF), 0.0);
    FrameContext f;
    f.index = 90;
    f.source = frameOf(90);
    f.previousKey = &key;
    const auto out = engine->push(f);  // no step flow: the network alone
    ASSERT_EQ(out.size(), 1u);
    const double p = psnr(out[0].image, cast(f.source));
    std::cout << "fewshot on an unseen frame: " << p << " dB (source vs truth "
              << psnr(f.source, cast(f.source)) << " dB)\n";
    EXPECT_GT(p, 28.0);
}

// The previous output is carried where the step explains the frame, and only there: a patch
// whose content changed under a flow that claims nothing moved takes the network's look of
// the new content, not last frame's look.
TEST(FewShotEngine, CarriesThePreviousOutputOnlyWhereTheStepExplainsTheFrame) {
    const ResolvedKeyframe key = castKeyframe();
    const cv::Rect patch(40, 30, 40, 40);
    cv::Mat next = key.source.clone();
    frameOf(90)(patch).copyTo(next(patch));
    cv::bitwise_not(next(patch), next(patch));  // content nothing before looked like
    auto run = [&](double blend) {
        auto engine = castEngine(key, blend);
        FrameContext f0;
        f0.index = 0;
        f0.source = key.source;
        f0.previousKey = &key;
        engine->push(f0);
        FrameContext f1;
        f1.index = 1;
        f1.source = next;
        f1.previousKey = &key;
        f1.flow.toPrevious = cv::Mat::zeros(next.size(), CV_32FC2);
        f1.flow.fromPrevious = f1.flow.toPrevious.clone();
        f1.flow.previousUnreliable = cv::Mat::zeros(next.size(), CV_8U);
        return engine->push(f1).at(0).image;
    };
    const cv::Mat carried = run(0.5), fresh = run(0.0);
    const cv::Rect inner(patch.x + 6, patch.y + 6, patch.width - 12, patch.height - 12);
    const cv::Rect corner(0, 0, 40, 40);  // nothing changed there
    const double steadyCarried = psnr(carried(corner), key.edited(corner));
    const double steadyFresh = psnr(fresh(corner), key.edited(corner));
    std::cout << "steady corner: " << steadyCarried << " dB carried, " << steadyFresh
              << " dB network alone; changed patch: " << psnr(carried(inner), fresh(inner))
              << " dB against the network alone\n";
    EXPECT_GT(steadyCarried, steadyFresh + 1.0);  // the steady part is carried
    // The changed patch is the network's look of the new content, nothing of the old (which
    // is far from it: what carrying it would give).
    EXPECT_GT(psnr(carried(inner), fresh(inner)), 40.0);
    EXPECT_LT(psnr(key.edited(inner), fresh(inner)), 15.0);
}

// A shot with no keyframe of its own (painted keyframes only) gets a colour-mapped stand-in:
// nothing to learn a look from. The network the keyframe taught draws the shot, with no
// second training (a minute a cut on the CPU).
TEST(FewShotEngine, AShotWithoutAKeyframeIsDrawnByTheKeyframesNetworkWithoutTrainingAgain) {
    const ResolvedKeyframe key = castKeyframe();
    auto engine = castEngine(key, 0.0);
    const size_t phases = engine->trainingLog().phases.size();
    ResolvedKeyframe standIn;
    standIn.frame = 60;
    standIn.source = frameOf(60);
    cv::bitwise_not(standIn.source, standIn.edited);  // a look unlike the keyframe's
    standIn.isEdit = false;
    FrameContext f;
    f.index = 61;
    f.source = frameOf(61);
    f.previousKey = &standIn;
    f.shotStart = true;
    const cv::Mat out = engine->push(f).at(0).image;
    EXPECT_EQ(engine->trainingLog().phases.size(), phases);
    EXPECT_GT(psnr(out, cast(f.source)), 28.0);  // the keyframe's look, as on any frame
}

// A new shot's own keyframe (an editor's edit at the cut) is learned mid-run: that training
// shows as a training phase of the run (not a frozen frame count), and its loss steps go on
// from the first training's, so the plot runs on.
TEST(FewShotEngine, TrainingAtANewShotsKeyframeReportsATrainingPhaseWithStepsGoingOn) {
    const ResolvedKeyframe key = castKeyframe();
    FewShotEngine engine(castSettings(20));
    std::vector<Progress> seen;
    engine.prepare({key}, [&](const Progress& p) { seen.push_back(p); }, {});
    ASSERT_FALSE(seen.empty());
    int64_t firstSteps = -1;
    for (const auto& p : seen)
        firstSteps = std::max(firstSteps, p.step);
    EXPECT_GE(firstSteps, 15);
    seen.clear();
    ResolvedKeyframe shotKey;
    shotKey.frame = 60;
    shotKey.source = frameOf(60);
    cv::bitwise_not(shotKey.source, shotKey.edited);
    FrameContext f;
    f.index = 61;
    f.source = frameOf(61);
    f.previousKey = &shotKey;
    f.shotStart = true;
    engine.push(f);
    ASSERT_FALSE(seen.empty());
    int64_t minStep = 1 << 30;
    for (const auto& p : seen) {
        EXPECT_EQ(p.phase, "training");
        if (p.step >= 0) minStep = std::min(minStep, p.step);
    }
    EXPECT_GT(minStep, firstSteps);
}

// "Try on this frame" for the fewshot engine: the network learned from the keyframe draws a
// frame the keyframe never showed in its look, and it is the network the run then uses (the
// weight cache holds one entry after the preview and the run).
TEST(LearnedStyle, TryOnAFrameDrawsItInTheKeyframesLookWithTheNetworkTheRunUses) {
    TempDir tmp;
    const std::string clip = tmp.path("vtest.mp4");
    writeExcerpt("/usr/share/doc/opencv-doc/examples/data/vtest.avi", clip, 160, 30);
    VideoReader reader(clip);
    const cv::Mat key = reader.frameAt(0).image, later = reader.frameAt(29).image;
    Keyframe k;
    k.frame = 0;
    k.image = tmp.path("painted.png");
    cv::imwrite(k.image, cast(key));
    PropagationSettings s;
    s.engine = "fewshot";
    s.device = "cpu";
    s.lastFrame = 3;  // the run only needs to train (or not): a few frames
    s.engineSettings = {{"style_train_steps", 40},
                        {"style_train_seconds", 86400},
                        {"style_channels", 8},
                        {"style_cache_dir", tmp.path("cache")}};
    std::vector<std::string> phases;
    const TriedStyle first =
        tryLearnedStyle(clip, {k}, s, 29, [&](const Progress& p) { phases.push_back(p.phase); });
    EXPECT_FALSE(first.fromCache);
    EXPECT_EQ(first.steps, 40);
    const cv::Mat& tried = first.image;
    ASSERT_EQ(tried.size(), later.size());
    const double learned = cv::PSNR(tried, cast(later)), untouched = cv::PSNR(later, cast(later));
    std::cout << "frame 29: learned look " << learned << " dB, source " << untouched << " dB\n";
    EXPECT_GE(learned, untouched + 4.0);
    ASSERT_FALSE(phases.empty());
    EXPECT_EQ(phases.front(), "training");
    propagate(clip, tmp.path("out.mp4"), {k}, s, {}, {});
    EXPECT_EQ(std::distance(std::filesystem::directory_iterator(tmp.path("cache")),
                            std::filesystem::directory_iterator()),
              1);
    const TriedStyle again = tryLearnedStyle(clip, {k}, s, 10);  // the run's network, reused
    EXPECT_TRUE(again.fromCache);
    EXPECT_EQ(again.steps, 0);
    s.engine = "warp";  // the plain warp engine learns nothing
    EXPECT_THROW(tryLearnedStyle(clip, {k}, s, 29), InputError);
}
