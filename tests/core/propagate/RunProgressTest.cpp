// A run's progress: the frame rate and time left leave out the engine's training phases.
#include <gtest/gtest.h>

#include <vector>

#include "propagate/RunProgress.h"

using namespace restyle;

namespace {

struct Recorder {
    double clock = 100.0;
    std::vector<Progress> seen;
    RunProgress make(int64_t frames) {
        return RunProgress(
            frames, [this](const Progress& p) { seen.push_back(p); }, [this] { return clock; });
    }
};

}  // namespace

TEST(RunProgress, TrainingBeforeAndBetweenFramesDoesNotCountTowardsTheRateOrTheTimeLeft) {
    Recorder r;
    auto run = r.make(100);
    const ProgressCallback engine = run.engineCallback();
    // 60 s of training before the first frame.
    for (int i = 0; i <= 60; ++i, r.clock += 1) {
        Progress p;
        p.phase = "training";
        p.done = i * 1000 / 60;
        p.total = 1000;
        engine(p);
    }
    EXPECT_EQ(r.seen.back().phase, "training");  // passed on as it is
    // Then 10 frames at 10 fps.
    for (int i = 1; i <= 10; ++i) {
        r.clock += 0.1;
        run.framesDone(i);
    }
    EXPECT_NEAR(r.seen.back().fps, 10.0, 1.5);
    EXPECT_NEAR(r.seen.back().secondsLeft, 9.0, 1.5);
    // A new shot's keyframe: 30 s of training, then 10 more frames at 10 fps.
    for (int i = 0; i <= 30; ++i, r.clock += 1) {
        Progress p;
        p.phase = "training";
        engine(p);
    }
    for (int i = 11; i <= 20; ++i) {
        r.clock += 0.1;
        run.framesDone(i);
    }
    EXPECT_NEAR(r.seen.back().fps, 10.0, 1.5);
    EXPECT_NEAR(r.seen.back().secondsLeft, 8.0, 1.5);
    EXPECT_EQ(r.seen.back().done, 20);
    EXPECT_EQ(r.seen.back().total, 100);
}

TEST(RunProgress, FramesDoneNeverGoBackward) {
    Recorder r;
    auto run = r.make(10);
    r.clock += 1;
    run.framesDone(5);
    run.framesDone(3);  // a batch's frames counted again as they come out
    EXPECT_EQ(r.seen.back().done, 5);
}
