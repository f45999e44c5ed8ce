// restyle-cli's contract for info / convert / demo / bench: JSON, exit codes, --help,
// PROGRESS lines, and Ctrl-C leaving no output.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "support/TestSupport.h"

using namespace restyle::test;

namespace {

const std::string kCli = RESTYLE_CLI;

int cli(const std::string& args, std::string* out = nullptr, bool withStderr = false) {
    return runCommand(kCli + " " + args + (withStderr ? " 2>&1" : " 2>/dev/null"), out);
}

TEST(Cli, HelpOnEveryCommand) {
    for (const std::string c : {"info", "convert", "editors", "edit", "flow", "propagate",
                                "restyle", "run", "demo", "bench"}) {
        std::string out;
        EXPECT_EQ(cli(c + " --help", &out), 0) << c;
        EXPECT_NE(out.find("usage: restyle-cli " + c), std::string::npos) << out;
    }
    std::string out;
    EXPECT_EQ(cli("--help", &out), 0);
    EXPECT_NE(out.find("convert"), std::string::npos);
    EXPECT_EQ(cli("frobnicate"), 2);
    EXPECT_EQ(cli("convert --crf 99 a.mp4 b.mp4"), 2);
    EXPECT_EQ(cli("info --bogus x"), 2);
    EXPECT_EQ(cli("info"), 2);
}

TEST(Cli, VersionNamesTheLibraries) {
    std::string out;
    ASSERT_EQ(cli("--version", &out), 0);
    for (const char* lib : {"restyle-cli", "Qt", "LibTorch", "CUDA", "OpenCV", "FFmpeg"})
        EXPECT_NE(out.find(lib), std::string::npos) << lib << " missing in " << out;
}

TEST(Cli, InfoAgreesWithFfprobe) {
    TempDir tmp;
    ClipSpec spec;
    spec.frames = 37;
    spec.fps = 24;
    spec.size = cv::Size(352, 288);
    spec.audioArgs = "-c:a libmp3lame";
    spec.videoArgs = "-c:v libx264";
    const std::string clip = tmp.path("a.mkv");
    ASSERT_TRUE(makeClip(clip, spec));
    std::string out;
    ASSERT_EQ(cli("info " + clip, &out), 0);
    const auto j = nlohmann::json::parse(out);
    std::string probe;
    runCommand(
        "ffprobe -v error -count_frames -select_streams v:0 -show_entries "
        "stream=width,height,nb_read_frames,codec_name -of json " +
            clip,
        &probe);
    const auto p = nlohmann::json::parse(probe)["streams"][0];
    EXPECT_EQ(j["path"], clip);
    EXPECT_EQ(j["width"], p["width"]);
    EXPECT_EQ(j["height"], p["height"]);
    EXPECT_EQ(std::to_string(j["frames"].get<int>()), p["nb_read_frames"].get<std::string>());
    EXPECT_EQ(j["video_codec"], p["codec_name"]);
    EXPECT_EQ(j["audio_codec"], "mp3");
    EXPECT_DOUBLE_EQ(j["fps"].get<double>(), 24.0);
    EXPECT_NEAR(j["duration"].get<double>(), 37 / 24.0, 1 / 24.0);
    EXPECT_EQ(j["rotation"], 0);

    ClipSpec silent;
    silent.frames = 3;
    ASSERT_TRUE(makeClip(tmp.path("b.mp4"), silent));
    out.clear();
    ASSERT_EQ(cli("info " + tmp.path("b.mp4"), &out), 0);
    EXPECT_TRUE(nlohmann::json::parse(out)["audio_codec"].is_null());
}

TEST(Cli, BadInputsExitTwoAndNameTheFile) {
    TempDir tmp;
    std::ofstream(tmp.path("empty.mp4")).close();
    std::ofstream(tmp.path("text.mp4")) << "hello";
    ClipSpec spec;
    spec.frames = 3;
    ASSERT_TRUE(makeClip(tmp.path("ok.mp4"), spec));
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"info " + tmp.path("missing.mp4"), tmp.path("missing.mp4")},
        {"info " + tmp.path("empty.mp4"), tmp.path("empty.mp4")},
        {"info " + tmp.path("text.mp4"), tmp.path("text.mp4")},
        {"info " + tmp.path(), tmp.path()},
        {"convert " + tmp.path("ok.mp4") + " " + tmp.path("ok.mp4"), tmp.path("ok.mp4")},
        {"convert " + tmp.path("ok.mp4") + " /nonexistent-dir/o.mp4", "/nonexistent-dir/o.mp4"},
    };
    for (const auto& [args, name] : cases) {
        std::string err;
        EXPECT_EQ(cli(args, &err, true), 2) << args;
        EXPECT_NE(err.find(name), std::string::npos) << args << ": " << err;
        EXPECT_EQ(std::count(err.begin(), err.end(), '\n'), 1) << "one line: " << err;
    }
}

TEST(Cli, ConvertPrintsProgressAndKeepsFrames) {
    TempDir tmp;
    ClipSpec spec;
    spec.frames = 30;
    spec.audioArgs = "-c:a ac3";
    ASSERT_TRUE(makeClip(tmp.path("a.mp4"), spec));
    std::string out;
    ASSERT_EQ(cli("convert " + tmp.path("a.mp4") + " " + tmp.path("b.mp4") +
                      " --max-side 160 --crf 23 --preset veryfast --progress",
                  &out),
              0);
    EXPECT_NE(out.find("PROGRESS 100"), std::string::npos) << out;
    EXPECT_NE(out.find("PROGRESS 50"), std::string::npos) << out;
    std::string info;
    ASSERT_EQ(cli("info " + tmp.path("b.mp4"), &info), 0);
    const auto j = nlohmann::json::parse(info);
    EXPECT_EQ(j["frames"], 30);
    EXPECT_EQ(j["width"], 160);
    EXPECT_EQ(j["audio_codec"], "ac3");
}

TEST(Cli, InterruptStopsCleanlyWithNoOutput) {
    TempDir tmp;
    ClipSpec spec;
    spec.frames = 400;
    spec.size = cv::Size(640, 480);
    ASSERT_TRUE(makeClip(tmp.path("a.mp4"), spec));
    EXPECT_EQ(signalWhenWriting(kCli + " convert " + tmp.path("a.mp4") + " " + tmp.path("b.mp4") +
                                    " --preset veryslow",
                                tmp.path(""), "INT"),
              130);
    EXPECT_EQ(tmp.entries(), std::vector<std::string>{"a.mp4"});
}

TEST(Cli, DemoWritesAPlayableClip) {
    TempDir tmp;
    ASSERT_EQ(cli("demo --out " + tmp.path("d")), 0);
    std::string a, b;
    ASSERT_EQ(cli("info " + tmp.path("d/sample.mp4"), &a), 0);
    ASSERT_EQ(cli("info " + tmp.path("d/restyled.mp4"), &b), 0);
    EXPECT_EQ(nlohmann::json::parse(a)["frames"], nlohmann::json::parse(b)["frames"]);
}

}  // namespace

// bench style from a later frame: the keyframe is that frame's stylisation, and each engine's
// line is measured over the range after it (Megamind.avi opens on black frames).
TEST(Cli, BenchStyleFromALaterFrameKeysThatFrameAndMeasuresTheRangeAfterIt) {
    std::string out;
    ASSERT_EQ(cli("bench style --clip /usr/share/doc/opencv-doc/examples/data/Megamind.avi "
                  "--start 20 --frames 4 --size 96 --engines warp --set style_train_steps=3",
                  &out),
              0)
        << out;
    EXPECT_NE(out.find("4 frames at 96 px, keyframe = cartoon of frame 20"), std::string::npos)
        << out;
    // A keyframe from the range's own first frame: the next frames are close to their truth
    // (a misaligned range compares other pictures and falls far lower).
    const auto at = out.find("warp: PSNR changed pixels");
    ASSERT_NE(at, std::string::npos) << out;
    const double overall = std::stod(out.substr(out.find("overall ", at) + 8));
    EXPECT_GT(overall, 22.0) << out;
}
