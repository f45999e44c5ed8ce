// The diffusion path with tiny random-weight models: editors, end-to-end propagation of a
// clip, seeds, cancel between steps, and every contract refusal.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <opencv2/imgcodecs.hpp>

#include "common/Error.h"
#include "diffusion/SdModel.h"
#include "edit/EditorRegistry.h"
#include "media/SampleClip.h"
#include "media/VideoReader.h"
#include "propagate/Pipeline.h"
#include "support/TestSupport.h"

using namespace restyle;
using namespace restyle::test;

namespace {

const std::string kTiny = RESTYLE_TINY_MODELS;

TEST(DiffusionEditors, AppearInTheRegistryAndAreSeeded) {
    setenv("RESTYLE_MODEL_PATH", kTiny.c_str(), 1);
    bool sd = false, ip2p = false;
    for (const auto& e : listEditors()) {
        sd |= e.name == "tiny-sd";
        ip2p |= e.name == "tiny-ip2p";
    }
    EXPECT_TRUE(sd);
    EXPECT_TRUE(ip2p);
    const cv::Mat frame = SampleScene(SampleClipOptions{100, 60, 1, 25, 2}).frame(0);  // not /8
    for (const std::string name : {"tiny-sd", "tiny-ip2p", "tiny-sd-plain", "tiny-sd-vpred"}) {
        auto e = createEditor(name);
        const cv::Mat a = applyEditor(*e, frame, {{"steps", 4}, {"seed", 5}});
        const cv::Mat b = applyEditor(*e, frame, {{"steps", 4}, {"seed", 5}});
        const cv::Mat c = applyEditor(*e, frame, {{"steps", 4}, {"seed", 6}});
        EXPECT_EQ(a.size(), frame.size()) << name;
        EXPECT_EQ(cv::norm(a, b, cv::NORM_INF), 0.0) << name << ": same seed, same image";
        EXPECT_GT(cv::norm(a, c, cv::NORM_L1), 0.0) << name << ": another seed, another image";
    }
    unsetenv("RESTYLE_MODEL_PATH");
}

TEST(DiffusionEngine, PropagatesAClipReproduciblyPerSeed) {
    TempDir tmp;
    writeSampleClip(tmp.path("c.mp4"), SampleClipOptions{128, 72, 22, 25, 6});
    const cv::Mat first = SampleScene(SampleClipOptions{128, 72, 1, 25, 6}).frame(0);
    cv::imwrite(tmp.path("first.png"), 255 - first);
    Keyframe k;
    k.image = tmp.path("first.png");
    PropagationSettings s;
    s.engine = "diffusion";
    s.engineSettings = {{"model", kTiny + "/tiny-sd"},
                        {"batch", 4},
                        {"keyframe_interval", 3},
                        {"steps", 4},
                        {"prompt", "the painting"}};
    s.seed = 1;
    const auto r1 = propagate(tmp.path("c.mp4"), tmp.path("a.mp4"), {k}, s, {}, {});
    EXPECT_EQ(r1.frames, 22);
    EXPECT_EQ(probeVideo(tmp.path("a.mp4")).frames, 22);
    propagate(tmp.path("c.mp4"), tmp.path("b.mp4"), {k}, s, {}, {});
    s.seed = 2;
    propagate(tmp.path("c.mp4"), tmp.path("other.mp4"), {k}, s, {}, {});
    const auto a = readAllFrames(tmp.path("a.mp4")), b = readAllFrames(tmp.path("b.mp4")),
               o = readAllFrames(tmp.path("other.mp4"));
    ASSERT_EQ(a.size(), 22u);
    double same = 0, differ = 0;
    for (size_t i = 0; i < a.size(); ++i) {
        same += cv::norm(a[i], b[i], cv::NORM_L1);
        differ += cv::norm(a[i], o[i], cv::NORM_L1);
    }
    EXPECT_EQ(same, 0.0);
    EXPECT_GT(differ, 0.0);
}

TEST(DiffusionEngine, CancelStopsWithinOneStep) {
    auto model = diffusion::SdModel::load(loadManifest(kTiny + "/tiny-sd"), "cpu");
    std::stop_source stop;
    std::atomic<int> steps{0};
    diffusion::SampleRequest r;
    r.init = {cv::Mat(64, 64, CV_8UC3, cv::Scalar(10, 120, 200))};
    r.steps = 20;
    r.strength = 1.0;
    r.stop = stop.get_token();
    r.control = {cv::Mat(64, 64, CV_8UC3, cv::Scalar::all(0))};
    r.onStep = [&](int step, int) {
        steps = step;
        if (step == 2) stop.request_stop();
    };
    EXPECT_THROW(diffusion::sample(*model, r), CanceledError);
    EXPECT_EQ(steps.load(), 2);
}

void expectRefused(const std::string& manifest, const std::string& needle,
                   const std::string& names) {
    try {
        diffusion::SdModel::load(loadManifest(manifest), "cpu");
        FAIL() << manifest;
    } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find(needle), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find(names), std::string::npos) << e.what();
    }
}

TEST(DiffusionModels, RefuseModulesThatBreakTheContract) {
    expectRefused(kTiny + "/tiny-sd-bad-unet", "expected [2, 4, 2, 3]", "unet.pt");
    expectRefused(kTiny + "/tiny-sd-bad-text", "expected [1, 77, *]", "text_encoder.pt");
    expectRefused(kTiny + "/style-invert", "is not a diffusion model", "manifest.json");
    TempDir tmp;
    std::ofstream(tmp.path("manifest.json"))
        << R"({"name": "x", "kind": "sd-img2img", "files": {"unet": "u.pt"}})";
    std::ofstream(tmp.path("u.pt")) << "not torchscript";
    expectRefused(tmp.path("manifest.json"), "no \"text_encoder\" entry", "manifest.json");
    std::ofstream(tmp.path("manifest.json"))
        << R"({"name": "x", "kind": "sd-img2img", "files": {"text_encoder": "u.pt"}})";
    expectRefused(tmp.path("manifest.json"), "not a loadable TorchScript module", "u.pt");
    std::ofstream(tmp.path("manifest.json"))
        << R"({"name": "x", "kind": "sd-img2img", "files": {}, "scheduler": {"name": "plms"}})";
    expectRefused(tmp.path("manifest.json"), "plms", "manifest.json");
    // The engine needs a model; an instruct-pix2pix model is for keyframes only.
    PropagationSettings s;
    s.engine = "diffusion";
    Keyframe k;
    k.editor = "cartoon";
    writeSampleClip(tmp.path("c.mp4"), SampleClipOptions{64, 48, 3, 25, 1});
    EXPECT_THROW(propagate(tmp.path("c.mp4"), tmp.path("o.mp4"), {k}, s, {}, {}), InputError);
    s.engineSettings = {{"model", kTiny + "/tiny-ip2p"}};
    EXPECT_THROW(propagate(tmp.path("c.mp4"), tmp.path("o.mp4"), {k}, s, {}, {}), InputError);
}

}  // namespace
