// Flow engines and the anchored tracker against synthetic motion with known true flow.
// Bounds below were set from measured values (printed by each test) with headroom:
// measured EPE small/large (px): dis-ultrafast 0.17/0.20, dis-fast 0.10/0.11,
// dis-medium 0.05/0.05, farneback 0.06/3.1, deepflow 0.04/0.05.
// Long sequence (100 px, 7 degrees): direct 95, chained 1.65, chained-refined 0.49.
#include <gtest/gtest.h>

#include <iostream>

#include "common/Error.h"
#include "flow/FlowEngine.h"
#include "flow/FlowTracker.h"
#include "flow/Warp.h"
#include "support/SyntheticMotion.h"

using namespace restyle;
using namespace restyle::test;

namespace {

const cv::Size kFrame(256, 192);

struct EpeCase {
    std::string method;
    double smallBound;  // EPE (px) for a 2.5 px translation + 1 degree rotation
    double largeBound;  // EPE (px) for a 18 px translation + 1.02 zoom
};

void PrintTo(const EpeCase& c, std::ostream* os) {
    *os << c.method;
}

class FlowAccuracy : public ::testing::TestWithParam<EpeCase> {};

TEST_P(FlowAccuracy, EndPointErrorWithinBounds) {
    const EpeCase& c = GetParam();
    const cv::Mat tex = makeTexture(cv::Size(640, 480));
    auto engine = createFlowEngine(c.method);
    const auto small = AffineSequence::steady(tex, kFrame, 2, 2.5, -1.0, 1.0, 1.0);
    const double epeSmall =
        endPointError(engine->compute(small.frame(0), small.frame(1)), small.trueFlow(0, 1));
    const auto large = AffineSequence::steady(tex, kFrame, 2, 18.0, 6.0, 0.0, 1.02);
    const double epeLarge =
        endPointError(engine->compute(large.frame(0), large.frame(1)), large.trueFlow(0, 1));
    std::cout << c.method << ": EPE small " << epeSmall << " px, large " << epeLarge << " px\n";
    EXPECT_LT(epeSmall, c.smallBound);
    EXPECT_LT(epeLarge, c.largeBound);
}

INSTANTIATE_TEST_SUITE_P(Methods, FlowAccuracy,
                         ::testing::Values(EpeCase{"dis-ultrafast", 0.5, 2.0},
                                           EpeCase{"dis-fast", 0.4, 1.5},
                                           EpeCase{"dis-medium", 0.3, 1.0},
                                           // Farneback is weak on large motion with zoom
                                           // (measured 3.1 px): a looser bound.
                                           EpeCase{"farneback", 0.4, 4.0},
                                           EpeCase{"deepflow", 0.3, 1.0}),
                         [](const auto& info) {
                             std::string n = info.param.method;
                             std::replace(n.begin(), n.end(), '-', '_');
                             return n;
                         });

TEST(FlowTracker, ChainedRefinedBeatsDirectOnLongLargeMotion) {
    // 24 frames of 4 px/frame pan with slow rotation: ~100 px and 7 degrees in total, far
    // beyond what a direct estimate from frame 0 can find.
    const cv::Mat tex = makeTexture(cv::Size(900, 700), 3);
    const auto seq = AffineSequence::steady(tex, cv::Size(320, 240), 24, 4.0, 1.0, 0.3, 1.0);
    double epe[3] = {0, 0, 0};
    const FlowMode modes[3] = {FlowMode::Direct, FlowMode::Chained, FlowMode::ChainedRefined};
    for (int m = 0; m < 3; ++m) {
        FlowSettings s;
        s.mode = modes[m];
        FlowTracker tracker(s);
        tracker.setAnchor(seq.frame(0));
        AnchorFlow a;
        for (int t = 1; t < seq.size(); ++t)
            a = tracker.track(seq.frame(t));
        const int last = seq.size() - 1;
        // Compare where the anchor sees the same point (the rest has no true flow).
        const cv::Mat truth = seq.trueFlow(last, 0);
        epe[m] = endPointError(a.toAnchor, truth, 0.0, leavesFrame(truth, 8));
        std::cout << flowModeName(modes[m]) << ": EPE of flow to the anchor at frame " << last
                  << " = " << epe[m] << " px\n";
    }
    EXPECT_GT(epe[0], 5.0);  // direct loses track
    EXPECT_LT(epe[2], epe[0] / 5);
    EXPECT_LT(epe[2], 1.5);
    EXPECT_LE(epe[2], epe[1] * 1.05);  // refinement does not make the chain worse
}

TEST(FlowTracker, TracksStepsWhenAsked) {
    const cv::Mat tex = makeTexture(cv::Size(640, 480));
    const auto seq = AffineSequence::steady(tex, kFrame, 3, 3.0, 0.0);
    FlowSettings s;
    s.mode = FlowMode::Direct;
    FlowTracker tracker(s, true);
    tracker.setAnchor(seq.frame(0));
    tracker.track(seq.frame(1));
    const AnchorFlow a = tracker.track(seq.frame(2));
    ASSERT_FALSE(a.toPrevious.empty());
    EXPECT_LT(endPointError(a.toPrevious, seq.trueFlow(2, 1)), 0.5);
    EXPECT_LT(endPointError(a.toAnchor, seq.trueFlow(2, 0)), 0.6);
}

TEST(FlowEngine, UnknownMethodIsAnInputError) {
    EXPECT_THROW(createFlowEngine("lucas-kanade"), InputError);
    EXPECT_THROW(createFlowEngine("raft:/nonexistent/manifest.json"), InputError);
}

}  // namespace
