// restyle-cli flow: overlay video, .flo files, and errors.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "media/SampleClip.h"
#include "support/TestSupport.h"

using namespace restyle;
using namespace restyle::test;

namespace {

const std::string kCli = RESTYLE_CLI;

TEST(CliFlow, WritesOverlayWithSourceFrameCountAndFloFiles) {
    TempDir tmp;
    writeSampleClip(tmp.path("c.mp4"), SampleClipOptions{200, 120, 10, 25, 3});
    for (const std::string overlay : {"color", "arrows", "occlusion", "warp"}) {
        const std::string out = tmp.path(overlay + ".mp4");
        std::string text;
        ASSERT_EQ(
            runCommand(kCli + " flow " + tmp.path("c.mp4") + " --out " + out + " --overlay " +
                           overlay + " --flow dis-ultrafast --max-side 160" +
                           (overlay == "warp" ? " --flo-dir " + tmp.path("flo") : "") + " 2>&1",
                       &text),
            0)
            << text;
        std::string info;
        runCommand(kCli + " info " + out, &info);
        const auto j = nlohmann::json::parse(info);
        EXPECT_EQ(j["frames"], 10) << overlay;
        EXPECT_EQ(j["width"], 160) << overlay;
    }
    for (int n = 0; n < 10; ++n) {
        char name[32];
        std::snprintf(name, sizeof name, "/flo/%06d.flo", n);
        EXPECT_TRUE(std::filesystem::exists(tmp.path() + name)) << name;
    }
    EXPECT_FALSE(std::filesystem::exists(tmp.path("flo/000010.flo")));
}

TEST(CliFlow, BadMethodOrOverlayExitsTwo) {
    TempDir tmp;
    writeSampleClip(tmp.path("c.mp4"), SampleClipOptions{64, 48, 2, 25, 3});
    const std::string base = kCli + " flow " + tmp.path("c.mp4") + " --out " + tmp.path("o.mp4");
    std::string err;
    EXPECT_EQ(runCommand(base + " --flow horn-schunck 2>&1", &err), 2);
    EXPECT_NE(err.find("horn-schunck"), std::string::npos) << err;
    EXPECT_EQ(runCommand(base + " --overlay sparkles 2>/dev/null"), 2);
    EXPECT_EQ(runCommand(base + " --first " + tmp.path("none.png") + " 2>/dev/null"), 2);
    EXPECT_EQ(runCommand(kCli + " flow " + tmp.path("c.mp4") + " 2>/dev/null"), 2);  // no --out
    EXPECT_FALSE(std::filesystem::exists(tmp.path("o.mp4")));
}

}  // namespace
