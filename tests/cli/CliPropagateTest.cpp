// restyle-cli propagate / restyle / run / demo: the main job from the command line.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>

#include "media/SampleClip.h"
#include "support/TestSupport.h"

using namespace restyle;
using namespace restyle::test;

namespace {

const std::string kCli = RESTYLE_CLI;

nlohmann::json info(const std::string& path) {
    std::string out;
    runCommand(kCli + " info " + path, &out);
    return nlohmann::json::parse(out);
}

TEST(CliPropagate, RestyleKeepsFramesAndAudioAndIsSteadierThanPerFrameEditing) {
    TempDir tmp;
    ClipSpec spec;  // indexed frames with a tone
    spec.frames = 30;
    spec.audioArgs = "-c:a libmp3lame";
    ASSERT_TRUE(makeClip(tmp.path("in.mkv"), spec));
    std::string out;
    ASSERT_EQ(runCommand(kCli + " restyle " + tmp.path("in.mkv") +
                             " --editor cartoon --set levels=5 --out " + tmp.path("out.mp4") +
                             " --metrics " + tmp.path("m.csv") + " --progress 2>&1",
                         &out),
              0)
        << out;
    EXPECT_NE(out.find("PROGRESS 100"), std::string::npos);
    const auto j = info(tmp.path("out.mp4"));
    EXPECT_EQ(j["frames"], 30);
    EXPECT_EQ(j["audio_codec"], "mp3");
    EXPECT_TRUE(std::filesystem::exists(tmp.path("m.csv")));
}

TEST(CliPropagate, PropagateWithKeyframesAndRunAJobFile) {
    TempDir tmp;
    writeSampleClip(tmp.path("c.mp4"), SampleClipOptions{160, 90, 24, 24, 5});
    ASSERT_EQ(runCommand(kCli + " edit " + tmp.path("c.mp4") + " --editor watercolor --out " +
                         tmp.path("k0.png")),
              0);
    ASSERT_EQ(runCommand(kCli + " edit " + tmp.path("c.mp4") + " --frame 20" +
                         " --editor oil-paint --out " + tmp.path("k20.png")),
              0);
    std::string err;
    ASSERT_EQ(runCommand(kCli + " propagate " + tmp.path("c.mp4") + " --first " +
                             tmp.path("k0.png") + " --keyframe 20:" + tmp.path("k20.png") +
                             " --out " + tmp.path("p.mp4") + " --flow dis-ultrafast 2>&1",
                         &err),
              0)
        << err;
    EXPECT_EQ(info(tmp.path("p.mp4"))["frames"], 24);
    // The same as a job file, with paths relative to it.
    std::ofstream(tmp.path("job.json")) << R"({
      "version": 1, "input": "c.mp4", "output": "job.mp4",
      "keyframes": [{"frame": 0, "image": "k0.png", "editor": "watercolor"},
                    {"frame": 20, "image": "k20.png"}],
      "frames": {"first": 0, "last": 21}, "export": {"crf": 23, "max_side": 128}})";
    std::string out;
    ASSERT_EQ(runCommand(kCli + " run " + tmp.path("job.json") + " --progress 2>&1", &out), 0)
        << out;
    EXPECT_NE(out.find("PROGRESS 100"), std::string::npos);
    const auto j = info(tmp.path("job.mp4"));
    EXPECT_EQ(j["frames"], 22);
    EXPECT_EQ(j["width"], 128);
}

// Mean of the metrics file's reliable_share column.
double meanReliableShare(const std::string& csv) {
    std::ifstream in(csv);
    std::string line;
    std::getline(in, line);  // header
    double sum = 0;
    int n = 0;
    while (std::getline(in, line)) {
        const auto a = line.find(','), b = line.find(',', a + 1);
        sum += std::stod(line.substr(b + 1, line.find(',', b + 1) - b - 1));
        ++n;
    }
    return n ? sum / n : -1;
}

TEST(CliPropagate, AgreeAndCloseBelowTheDefaultsHandMorePixelsToTheFill) {
    const std::string clip = "/usr/share/doc/opencv-doc/examples/data/vtest.avi";
    if (!std::filesystem::exists(clip)) GTEST_SKIP() << "opencv-doc's clips are not installed";
    TempDir tmp;
    ASSERT_EQ(runCommand(kCli + " edit " + clip + " --editor cartoon --out " + tmp.path("k.png")),
              0);
    const std::string run = kCli + " propagate " + clip + " --first " + tmp.path("k.png") +
                            " --frames 0-15 --max-side 256 --no-audio";
    ASSERT_EQ(runCommand(run + " --metrics " + tmp.path("d.csv") + " --out " + tmp.path("d.mp4")),
              0);
    ASSERT_EQ(runCommand(run + " --agree 6 --close 3 --metrics " + tmp.path("s.csv") + " --out " +
                         tmp.path("s.mp4")),
              0);
    const double byDefault = meanReliableShare(tmp.path("d.csv")),
                 strict = meanReliableShare(tmp.path("s.csv"));
    std::cout << "reliable share: default " << byDefault << ", agree 6 " << strict << "\n";
    EXPECT_GT(byDefault, 0.8);
    EXPECT_LT(strict, byDefault - 0.01);  // measured: 0.951 and 0.929
    EXPECT_EQ(runCommand(run + " --agree -1 --out " + tmp.path("bad.mp4") + " 2>/dev/null"), 2);
    EXPECT_FALSE(std::filesystem::exists(tmp.path("bad.mp4")));
}

TEST(CliPropagate, BadInputsExitTwo) {
    TempDir tmp;
    writeSampleClip(tmp.path("c.mp4"), SampleClipOptions{64, 48, 5, 25, 5});
    std::ofstream(tmp.path("bad.json")) << R"({"input": "c.mp4"})";
    std::ofstream(tmp.path("notimage.png")) << "no";
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"propagate " + tmp.path("c.mp4") + " --out " + tmp.path("o.mp4"), "--first"},
        {"propagate " + tmp.path("c.mp4") + " --first " + tmp.path("notimage.png") + " --out " +
             tmp.path("o.mp4"),
         "notimage.png"},
        {"restyle " + tmp.path("c.mp4") + " --editor cartoon --frames 9-3 --out " +
             tmp.path("o.mp4"),
         "--frames"},
        {"restyle " + tmp.path("c.mp4") + " --editor cartoon --engine magic --out " +
             tmp.path("o.mp4"),
         "magic"},
        {"restyle " + tmp.path("c.mp4") + " --editor cartoon --keyframe 99:x.png --out " +
             tmp.path("o.mp4"),
         "frame 99"},
        {"run " + tmp.path("bad.json"), "\"output\""},
        {"run " + tmp.path("none.json"), "none.json"},
    };
    for (const auto& [args, needle] : cases) {
        std::string err;
        EXPECT_EQ(runCommand(kCli + " " + args + " 2>&1", &err), 2) << args << ": " << err;
        EXPECT_NE(err.find(needle), std::string::npos) << args << ": " << err;
    }
    EXPECT_FALSE(std::filesystem::exists(tmp.path("o.mp4")));
}

TEST(CliPropagate, InterruptLeavesNoOutput) {
    TempDir tmp;
    writeSampleClip(tmp.path("c.mp4"), SampleClipOptions{640, 360, 300, 30, 5});
    EXPECT_EQ(
        signalWhenWriting(kCli + " restyle " + tmp.path("c.mp4") + " --editor stylize --out " +
                              tmp.path("o.mp4") + " --metrics " + tmp.path("m.csv"),
                          tmp.path(""), "TERM"),
        130);
    EXPECT_EQ(tmp.entries(), std::vector<std::string>{"c.mp4"});
}

// Peak memory must not grow with the clip's length: the pipeline holds a bounded window.
TEST(CliPropagate, PeakMemoryDoesNotGrowWithClipLength) {
    TempDir tmp;
    writeSampleClip(tmp.path("short.mp4"), SampleClipOptions{320, 180, 40, 30, 5});
    writeSampleClip(tmp.path("long.mp4"), SampleClipOptions{320, 180, 400, 30, 5});
    auto peakKiB = [&](const std::string& clip, const std::string& extra) {
        std::string out;
        runCommand("/usr/bin/time -f 'MAXRSS %M' " + kCli + " restyle " + clip +
                       " --editor cartoon --flow dis-ultrafast --out " + tmp.path("o.mp4") + extra +
                       " 2>&1 >/dev/null | grep MAXRSS",
                   &out);
        return std::stol(out.substr(out.find(' ') + 1));
    };
    const long shortPeak = peakKiB(tmp.path("short.mp4"), "");
    const long longPeak = peakKiB(tmp.path("long.mp4"), "");
    std::cout << "peak memory: 40 frames " << shortPeak / 1024 << " MiB, 400 frames "
              << longPeak / 1024 << " MiB\n";
    EXPECT_LT(longPeak, shortPeak * 1.15 + 16 * 1024);
    // Two keyframes far apart (the backward pass spills to disk rather than memory).
    ASSERT_EQ(runCommand(kCli + " edit " + tmp.path("long.mp4") + " --frame 399 --editor pencil" +
                         " --out " + tmp.path("k.png")),
              0);
    const long twoKeys = peakKiB(tmp.path("long.mp4"), " --keyframe 399:" + tmp.path("k.png"));
    std::cout << "peak memory with keyframes 0 and 399: " << twoKeys / 1024 << " MiB\n";
    EXPECT_LT(twoKeys, shortPeak * 1.25 + 32 * 1024);
}

}  // namespace
