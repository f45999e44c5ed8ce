// TorchScript style networks (manifest kind "style-net"): loading, normalisation, tiling and
// every refusal, with the tiny models written by models/tiny/make_tiny_models.py.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>

#include "common/Error.h"
#include "edit/EditorRegistry.h"
#include "edit/TorchStyleEditor.h"
#include "support/SyntheticMotion.h"
#include "support/TestSupport.h"

using namespace restyle;
using namespace restyle::test;

namespace {

const std::string kTiny = RESTYLE_TINY_MODELS;

TEST(StyleNet, TiledRunEqualsOnePassForAPointwiseModel) {
    // style-invert: 1 - x, max_side 64 with 8 px overlap. A 150x100 frame runs as 3x2 tiles.
    const ModelManifest m = loadManifest(kTiny + "/style-invert");
    TorchStyleEditor tiled(m, "cpu");
    ModelManifest whole = m;
    whole.input.maxSide = 0;
    TorchStyleEditor single(whole, "cpu");
    const cv::Mat frame = makeTexture(cv::Size(150, 100), 6);
    const cv::Mat a = applyEditor(tiled, frame, {});
    const cv::Mat b = applyEditor(single, frame, {});
    EXPECT_LE(cv::norm(a, b, cv::NORM_INF), 1.0);
    EXPECT_LE(cv::norm(a, cv::Scalar::all(255) - frame, cv::NORM_INF), 1.0);
}

TEST(StyleNet, ConvModelRoundTripIsDeterministicAndKeepsSize) {
    TorchStyleEditor e(loadManifest(kTiny + "/style-conv"), "auto");
    const cv::Mat frame = makeTexture(cv::Size(97, 61), 2);  // not a multiple of 4
    const cv::Mat a = applyEditor(e, frame, {});
    EXPECT_EQ(a.size(), frame.size());
    EXPECT_EQ(cv::norm(a, applyEditor(e, frame, {}), cv::NORM_INF), 0.0);
    EXPECT_GT(meanAbsDiff(a, frame), 5.0);
    EXPECT_EQ(cv::norm(applyEditor(e, frame, {{"strength", 0.0}}), frame, cv::NORM_INF), 0.0);
}

TEST(StyleNet, AppearsInTheRegistryFromTheModelPath) {
    setenv("RESTYLE_MODEL_PATH", kTiny.c_str(), 1);
    bool listed = false;
    for (const auto& info : listEditors())
        if (info.name == "style-invert") {
            listed = true;
            EXPECT_NE(info.source.find("style-invert"), std::string::npos);
        }
    EXPECT_TRUE(listed);
    auto e = createEditor("style-invert");
    const cv::Mat f(20, 30, CV_8UC3, cv::Scalar(10, 20, 30));
    EXPECT_EQ(applyEditor(*e, f, {}).at<cv::Vec3b>(5, 5), cv::Vec3b(245, 235, 225));
    unsetenv("RESTYLE_MODEL_PATH");
}

void expectRefused(const std::string& path, const std::string& needle, const std::string& names) {
    try {
        createEditor(path);
        FAIL() << path << " was accepted";
    } catch (const InputError& e) {
        const std::string msg = e.what();
        EXPECT_NE(msg.find(needle), std::string::npos) << msg;
        EXPECT_NE(msg.find(names), std::string::npos) << "should name " << names << ": " << msg;
    }
}

TEST(StyleNet, RefusesModelsThatBreakTheContract) {
    expectRefused(kTiny + "/style-wrong-shape/manifest.json", "expected [1, 3,", "module.pt");
    expectRefused(kTiny + "/style-nan/manifest.json", "NaN", "module.pt");
    expectRefused(kTiny + "/style-missing-file/manifest.json", "missing", "gone.pt");
    TempDir tmp;
    std::ofstream(tmp.path("junk.pt")) << "junk";
    std::ofstream(tmp.path("manifest.json"))
        << R"({"name": "junk", "kind": "style-net", "files": {"module": "junk.pt"}})";
    expectRefused(tmp.path("manifest.json"), "not a loadable TorchScript module", "junk.pt");
    std::ofstream(tmp.path("manifest.json")) << R"({"name": "junk", "kind": "painting"})";
    expectRefused(tmp.path("manifest.json"), "missing \"files\"", "manifest.json");
    std::ofstream(tmp.path("manifest.json"))
        << R"({"name": "junk", "kind": "painting", "files": {}})";
    expectRefused(tmp.path("manifest.json"), "unknown kind \"painting\"", "manifest.json");
    std::ofstream(tmp.path("manifest.json")) << "{ not json";
    expectRefused(tmp.path("manifest.json"), "not valid JSON", "manifest.json");
    expectRefused(kTiny + "/flow-probe/manifest.json", "is not an image editor", "flow-probe");
}

}  // namespace
