// The CLI's output types and shot listing: unknown output extensions exit 2 before any
// work; PNG sequences are written; `info` lists a real clip's cuts.
#include <gtest/gtest.h>

#include <filesystem>

#include "support/TestSupport.h"

using namespace restyle::test;

namespace {

const std::string kCli = RESTYLE_CLI;
const std::string kData = "/usr/share/doc/opencv-doc/examples/data/";

int cli(const std::string& args, std::string* out = nullptr) {
    return runCommand(kCli + " " + args + " 2>&1", out);
}

}  // namespace

TEST(CliOutput, UnknownOutputExtensionExitsTwoAndWritesNothing) {
    TempDir tmp;
    const std::string clip = tmp.path("in.mp4");
    ASSERT_TRUE(makeClip(clip, ClipSpec{}));
    std::string out;
    EXPECT_EQ(cli("restyle " + clip + " --editor cartoon --out " + tmp.path("o.avi"), &out), 2)
        << out;
    EXPECT_NE(out.find("unknown output type"), std::string::npos) << out;
    EXPECT_FALSE(std::filesystem::exists(tmp.path("o.avi")));
}

TEST(CliOutput, PngSequenceHasOneFilePerFrameIn16Bits) {
    TempDir tmp;
    const std::string clip = tmp.path("in.mp4");
    ClipSpec spec;
    spec.frames = 6;
    ASSERT_TRUE(makeClip(clip, spec));
    std::filesystem::create_directories(tmp.path("seq"));
    std::string out;
    ASSERT_EQ(cli("restyle " + clip + " --editor cartoon --bit-depth 16 --out " +
                      tmp.path("seq/f_%06d.png"),
                  &out),
              0)
        << out;
    int n = 0;
    for (const auto& e : std::filesystem::directory_iterator(tmp.path("seq")))
        n += e.path().extension() == ".png" && e.path().filename().string()[0] != '.';
    EXPECT_EQ(n, 6);
    EXPECT_TRUE(std::filesystem::exists(tmp.path("seq/f_000005.png")));
}

TEST(CliOutput, InfoListsTheCutsOfARealClip) {
    if (!std::filesystem::exists(kData + "Megamind.avi")) GTEST_SKIP() << "no opencv-doc clips";
    std::string out;
    ASSERT_EQ(runCommand(kCli + " info " + kData + "Megamind.avi", &out), 0);
    std::string compact;
    for (char c : out)
        if (!isspace(static_cast<unsigned char>(c))) compact += c;
    EXPECT_NE(compact.find("\"cuts\":[1,98,154,200]"), std::string::npos) << out;
}
