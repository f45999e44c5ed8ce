// RAFT-style flow through TorchScript: loading, the tensor contract (normalisation,
// padding to a multiple of 8 and back) and every refusal, with tiny models written by
// models/tiny/make_tiny_models.py.
#include <gtest/gtest.h>

#include "common/Error.h"
#include "flow/FlowEngine.h"
#include "flow/FlowTracker.h"

using namespace restyle;

namespace {

const std::string kTiny = RESTYLE_TINY_MODELS;

std::string manifest(const std::string& name) {
    return kTiny + "/" + name + "/manifest.json";
}

TEST(RaftFlow, AppliesNormalisationAndPaddingExactly) {
    // The probe model returns (mean of image1's channels, mean of image2's) as the flow, so
    // every pixel's value shows the input contract: RGB in [0, 255], padded and cropped.
    auto engine = createFlowEngine("raft:" + manifest("flow-probe"), "cpu");
    cv::Mat a(45, 61, CV_8UC3), b(45, 61, CV_8UC3);  // not multiples of 8
    cv::randu(a, 0, 256);
    cv::randu(b, 0, 256);
    const cv::Mat flow = engine->compute(a, b);
    ASSERT_EQ(flow.size(), a.size());
    ASSERT_EQ(flow.type(), CV_32FC2);
    double worst = 0;
    for (int y = 0; y < a.rows; ++y)
        for (int x = 0; x < a.cols; ++x) {
            const cv::Vec3b pa = a.at<cv::Vec3b>(y, x), pb = b.at<cv::Vec3b>(y, x);
            const double ea = (pa[0] + pa[1] + pa[2]) / 3.0, eb = (pb[0] + pb[1] + pb[2]) / 3.0;
            const cv::Vec2f f = flow.at<cv::Vec2f>(y, x);
            worst = std::max({worst, std::abs(f[0] - ea), std::abs(f[1] - eb)});
        }
    EXPECT_LT(worst, 1e-3);
}

TEST(RaftFlow, TakesTheLastRefinementOfAList) {
    auto engine = createFlowEngine("raft:" + manifest("flow-raftlike"), "auto");
    const cv::Mat a(30, 50, CV_8UC3, cv::Scalar(10, 20, 30));
    const cv::Mat flow = engine->compute(a, a);
    EXPECT_EQ(flow.at<cv::Vec2f>(7, 9), cv::Vec2f(1.5f, -0.5f));
    EXPECT_EQ(flow.at<cv::Vec2f>(29, 49), cv::Vec2f(1.5f, -0.5f));
    // And it drives the tracker like any engine (no refinement of an initial flow).
    FlowSettings s;
    s.method = "raft:" + manifest("flow-raftlike");
    FlowTracker tracker(s);
    tracker.setAnchor(a);
    EXPECT_EQ(tracker.track(a).toAnchor.at<cv::Vec2f>(3, 3), cv::Vec2f(1.5f, -0.5f));
}

void expectRefused(const std::string& model, const std::string& needle) {
    try {
        createFlowEngine("raft:" + manifest(model), "cpu");
        FAIL() << model << " was accepted";
    } catch (const InputError& e) {
        const std::string msg = e.what();
        EXPECT_NE(msg.find(needle), std::string::npos) << msg;
        EXPECT_NE(msg.find(model), std::string::npos) << "names the file: " << msg;
    }
}

TEST(RaftFlow, RefusesModulesThatBreakTheContract) {
    expectRefused("flow-wrong-shape", "expected [1, 2,");
    expectRefused("flow-nan", "NaN");
    expectRefused("flow-not-torchscript", "not a loadable TorchScript module");
}

TEST(RaftFlow, RefusesManifestsOfAnotherKind) {
    try {
        createFlowEngine("raft:" + manifest("style-invert"), "cpu");
        FAIL();
    } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find("expected \"flow\""), std::string::npos);
    }
}

}  // namespace
