// plan / run each segment / join, on one machine: the primitives every farm uses.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "farm/FarmTestSupport.h"
#include "farm/SegmentPlanner.h"
#include "support/TestSupport.h"

using namespace restyle;
using namespace restyle::test;
namespace fs = std::filesystem;

namespace {

const std::string kCli = RESTYLE_CLI;

std::vector<std::pair<int64_t, int64_t>> pairs(const std::vector<FrameRange>& ranges) {
    std::vector<std::pair<int64_t, int64_t>> out;
    for (const auto& r : ranges)
        out.emplace_back(r.first, r.last);
    return out;
}

// The farm path without the farm: runs whole.json on one machine, plans split.json into
// segs/ and runs every segment job; `plan` is what `plan` printed.
void runWholeAndSegments(const TempDir& tmp, nlohmann::json& plan) {
    std::string out;
    ASSERT_EQ(runCommand(kCli + " run " + tmp.path("whole.json") + " 2>&1", &out), 0) << out;
    out.clear();
    ASSERT_EQ(
        runCommand(kCli + " plan " + tmp.path("split.json") + " --out-dir " + tmp.path("segs"),
                   &out),
        0)
        << out;
    plan = nlohmann::json::parse(out);
    for (const auto& seg : plan["segments"])
        ASSERT_EQ(runCommand(kCli + " run " + seg["job"].get<std::string>() + " 2>&1", &out), 0)
            << out;
}

}  // namespace

TEST(SegmentRanges, SegmentsStartAtKeyframesInsideTheRangeAndCoverIt) {
    using P = std::vector<std::pair<int64_t, int64_t>>;
    EXPECT_EQ(pairs(segmentRanges(10, 99, {10, 40, 70, 120, 5}, 0)),
              (P{{10, 39}, {40, 69}, {70, 99}}));
    // A first keyframe after the range start: the frames before it are their own segment.
    EXPECT_EQ(pairs(segmentRanges(0, 49, {20}, 0)), (P{{0, 19}, {20, 49}}));
    EXPECT_EQ(pairs(segmentRanges(0, 49, {0}, 0)), (P{{0, 49}}));
}

TEST(SegmentRanges, ACountMergesKeyframeStretchesIntoAboutEqualSegments) {
    using P = std::vector<std::pair<int64_t, int64_t>>;
    const std::vector<int64_t> keys{0, 10, 20, 30, 40, 50, 60, 70, 80, 90};
    EXPECT_EQ(pairs(segmentRanges(0, 99, keys, 2)), (P{{0, 49}, {50, 99}}));
    EXPECT_EQ(pairs(segmentRanges(0, 99, keys, 3)), (P{{0, 29}, {30, 69}, {70, 99}}));
    EXPECT_EQ(segmentRanges(0, 99, keys, 50).size(), 10u);  // never between keyframes
}

// The single-machine run and the joined segments, both lossless (crf 0): every frame must be
// the same, since each segment starts at a keyframe where the engine's state resets.
TEST(FarmLocal, JoinedSegmentsEqualTheWholeRunWithItsTimingAndAudioAndAMissingOneIsNamed) {
    const std::string clip = megamindClip();
    if (clip.empty()) GTEST_SKIP() << "Megamind.avi (Debian's opencv-doc) is not installed";
    TempDir tmp;
    writeTwoKeyframeJob(tmp.path("whole.json"), clip, tmp.path("whole.mp4"), 0);
    writeTwoKeyframeJob(tmp.path("split.json"), clip, tmp.path("split.mp4"), 0);
    nlohmann::json plan;
    ASSERT_NO_FATAL_FAILURE(runWholeAndSegments(tmp, plan));
    ASSERT_EQ(plan["segments"].size(), 2u);
    EXPECT_EQ(plan["segments"][1]["first"], 54);
    const std::string join = plan["join"];
    std::string out;
    ASSERT_EQ(runCommand(kCli + " join " + join + " 2>&1", &out), 0) << out;
    EXPECT_NE(out.find("video copied"), std::string::npos) << out;

    EXPECT_EQ(frameTimes(tmp.path("split.mp4")), frameTimes(tmp.path("whole.mp4")));
    EXPECT_EQ(frameTimes(tmp.path("split.mp4")).size(), 48u);
    const std::string audio = audioPackets(tmp.path("whole.mp4"));
    EXPECT_GT(audio.size(), 100u);
    EXPECT_EQ(audioPackets(tmp.path("split.mp4")), audio);
    const FrameComparison c = compareFrames(tmp.path("split.mp4"), tmp.path("whole.mp4"));
    EXPECT_EQ(c.frames, 48);
    EXPECT_EQ(c.identical, 48) << "lowest PSNR " << c.minPsnr << " dB";

    // A segment whose task died: the join fails naming it and leaves no output.
    const std::string seg1 = plan["segments"][1]["output"];
    fs::rename(seg1, tmp.path("seg1.kept.mp4"));
    fs::remove(tmp.path("split.mp4"));
    out.clear();
    EXPECT_EQ(runCommand(kCli + " join " + join + " 2>&1", &out), 1) << out;
    EXPECT_NE(out.find("segment 1 (frames 54-77) did not finish"), std::string::npos) << out;
    EXPECT_FALSE(fs::exists(tmp.path("split.mp4")));

    // A segment encoded differently (another preset: other stream parameters) is not
    // copied: the join encodes once, at the source's timing.
    ASSERT_EQ(runCommand(kCli + " convert " + tmp.path("seg1.kept.mp4") + " " + seg1 +
                         " --preset ultrafast --crf 0 2>&1"),
              0);
    out.clear();
    ASSERT_EQ(runCommand(kCli + " join " + join + " 2>&1", &out), 0) << out;
    EXPECT_NE(out.find("video re-encoded"), std::string::npos) << out;
    EXPECT_EQ(frameTimes(tmp.path("split.mp4")), frameTimes(tmp.path("whole.mp4")));
    EXPECT_EQ(audioPackets(tmp.path("split.mp4")), audio);
    EXPECT_GE(compareFrames(tmp.path("split.mp4"), tmp.path("whole.mp4")).minPsnr, 35.0);
}

// Megamind.avi cuts at 98 and 154: a job with one editor keyframe before them splits there
// too, each shot's segment starting from the editor applied afresh, as the whole run does.
TEST(FarmLocal, AJobSplitsAtShotCutsAndTheJoinedSegmentsEqualTheWholeRun) {
    const std::string clip = megamindClip();
    if (clip.empty()) GTEST_SKIP() << "Megamind.avi (Debian's opencv-doc) is not installed";
    TempDir tmp;
    for (const char* name : {"whole", "split"}) {
        const nlohmann::json job = {
            {"version", 1},
            {"input", clip},
            {"output", tmp.path(std::string(name) + ".mp4")},
            {"keyframes", {{{"frame", 80}, {"editor", "cartoon"}}}},
            {"flow", {{"method", "dis-ultrafast"}}},
            {"export", {{"crf", 0}, {"preset", "veryfast"}, {"max_side", 160}, {"audio", false}}},
            {"frames", {{"first", 80}, {"last", 170}}}};
        std::ofstream(tmp.path(std::string(name) + ".json")) << job.dump(2);
    }
    nlohmann::json plan;
    ASSERT_NO_FATAL_FAILURE(runWholeAndSegments(tmp, plan));
    ASSERT_EQ(plan["segments"].size(), 3u) << plan.dump();
    EXPECT_EQ(plan["segments"][1]["first"], 98);
    EXPECT_EQ(plan["segments"][2]["first"], 154);
    std::string out;
    ASSERT_EQ(runCommand(kCli + " join " + plan["join"].get<std::string>() + " 2>&1", &out), 0)
        << out;
    const FrameComparison c = compareFrames(tmp.path("split.mp4"), tmp.path("whole.mp4"));
    EXPECT_EQ(c.frames, 91);
    EXPECT_EQ(c.identical, 91) << "lowest PSNR " << c.minPsnr << " dB";
}

TEST(FarmCli, BadUsageAndUnusableFilesExitTwoNamingTheProblem) {
    TempDir tmp;
    std::string out;
    EXPECT_EQ(runCommand(
                  kCli + " plan " + tmp.path("none.json") + " --out-dir " + tmp.path("d") + " 2>&1",
                  &out),
              2);
    EXPECT_NE(out.find(tmp.path("none.json")), std::string::npos) << out;
    std::ofstream(tmp.path("bad.join.json")) << R"({"version": 1, "source": "a.mp4"})";
    out.clear();
    EXPECT_EQ(runCommand(kCli + " join " + tmp.path("bad.join.json") + " 2>&1", &out), 2);
    EXPECT_NE(out.find("bad.join.json"), std::string::npos) << out;
    EXPECT_EQ(runCommand(kCli + " plan x.json 2>&1", &out), 2);    // no --out-dir
    EXPECT_EQ(runCommand(kCli + " submit x.json 2>&1", &out), 2);  // no --slurm
    EXPECT_EQ(runCommand(kCli + " plan x.json --out-dir d --segments 0 2>&1"), 2);
}

// A diffusion job splits after its batches too (here every 9 frames, counted from the fade at
// frame 1 where the engine starts over): each segment continues the one before it from its
// carry, so it must run after it, and the joined frames are the whole run's exactly.
TEST(FarmLocal, ADiffusionJobSplitsAfterItsBatchesAndTheChainedSegmentsEqualTheWholeRun) {
    const std::string clip = megamindClip();
    if (clip.empty()) GTEST_SKIP() << "Megamind.avi (Debian's opencv-doc) is not installed";
    TempDir tmp;
    writeDiffusionJob(tmp.path("whole.json"), clip, tmp.path("whole.mp4"));
    writeDiffusionJob(tmp.path("split.json"), clip, tmp.path("split.mp4"));
    std::string out;
    ASSERT_EQ(runCommand(kCli + " run " + tmp.path("whole.json") + " 2>&1", &out), 0) << out;
    out.clear();
    ASSERT_EQ(runCommand(kCli + " plan " + tmp.path("split.json") + " --out-dir " +
                             tmp.path("segs") + " --segments 4",
                         &out),
              0)
        << out;
    const auto plan = nlohmann::json::parse(out);
    ASSERT_EQ(plan["segments"].size(), 4u) << plan.dump();
    EXPECT_EQ(plan["segments"][1]["first"], 11);
    EXPECT_EQ(plan["segments"][1]["after"], 0);
    EXPECT_EQ(plan["segments"][3]["after"], 2);
    EXPECT_FALSE(plan["segments"][0].contains("after"));

    // Out of order: the segment says what it is waiting for and writes nothing.
    const std::string seg2 = plan["segments"][2]["job"];
    out.clear();
    EXPECT_EQ(runCommand(kCli + " run " + seg2 + " 2>&1", &out), 2) << out;
    EXPECT_NE(out.find("seg001.carry.json"), std::string::npos) << out;
    EXPECT_NE(out.find("run the segment before this one first"), std::string::npos) << out;
    EXPECT_FALSE(fs::exists(plan["segments"][2]["output"].get<std::string>()));

    for (const auto& seg : plan["segments"])
        ASSERT_EQ(runCommand(kCli + " run " + seg["job"].get<std::string>() + " 2>&1", &out), 0)
            << out;
    ASSERT_EQ(runCommand(kCli + " join " + plan["join"].get<std::string>() + " 2>&1", &out), 0)
        << out;
    const FrameComparison c = compareFrames(tmp.path("split.mp4"), tmp.path("whole.mp4"));
    EXPECT_EQ(c.frames, 41);
    EXPECT_EQ(c.identical, 41) << "lowest PSNR " << c.minPsnr << " dB";
}
