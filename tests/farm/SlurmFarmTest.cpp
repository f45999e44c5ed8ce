// restyle-cli submit --slurm on a real one-node Slurm cluster started by the test.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "farm/FarmTestSupport.h"
#include "farm/SlurmTestCluster.h"
#include "support/TestSupport.h"

using namespace restyle;
using namespace restyle::test;
namespace fs = std::filesystem;

namespace {

const std::string kCli = RESTYLE_CLI;

std::string readFile(const std::string& path) {
    std::ifstream in(path);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

// The job's state once it has ended (scontrol keeps ended jobs for MinJobAge).
std::string waitForEnd(const std::string& id, int seconds) {
    std::string state;
    for (int i = 0; i < seconds * 5; ++i) {
        std::string out;
        runCommand("scontrol --oneliner show job " + id + " 2>&1", &out);
        const auto at = out.find("JobState=");
        state = at == std::string::npos ? out : out.substr(at + 9, out.find(' ', at) - at - 9);
        if (state != "PENDING" && state != "RUNNING" && state != "CONFIGURING" &&
            state != "COMPLETING")
            return state;
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
    return "TIMEOUT (" + state + ")";
}

std::string submittedId(const std::string& out) {
    const auto at = out.find("SUBMITTED ");
    if (at == std::string::npos) return "";
    return out.substr(at + 10, out.find('\n', at) - at - 10);
}

// Each test on a one-node cluster of its own (skipped where none can start: not root, no
// Slurm) and Megamind.avi; SLURM_CONF points sbatch and the tests' own calls at the cluster.
class SlurmFarm : public ::testing::Test {
  protected:
    void SetUp() override {
        const std::string why = SlurmTestCluster::unavailableReason();
        if (!why.empty()) GTEST_SKIP() << "no test Slurm cluster: " << why;
        clip = megamindClip();
        if (clip.empty()) GTEST_SKIP() << "Megamind.avi (Debian's opencv-doc) is not installed";
        cluster = std::make_unique<SlurmTestCluster>();
        ASSERT_TRUE(cluster->ready()) << cluster->log();
        setenv("SLURM_CONF", cluster->conf().c_str(), 1);
    }
    std::string clip;
    std::unique_ptr<SlurmTestCluster> cluster;
};

}  // namespace

// Two keyframes, two segments as a Slurm array job plus a join job. The second task is
// killed (scancel) before it runs: the join fails naming it; submitting again runs only that
// segment, and the joined clip has the source's frames, timing and audio and matches the
// single-machine run.
TEST_F(SlurmFarm, SubmittedJobMatchesTheSingleRunAndAKilledSegmentFailsTheJoinUntilResubmitted) {
    TempDir tmp;
    writeTwoKeyframeJob(tmp.path("single.json"), clip, tmp.path("single.mp4"), 18);
    writeTwoKeyframeJob(tmp.path("farm.json"), clip, tmp.path("farm.mp4"), 18);
    std::string out;
    ASSERT_EQ(runCommand(kCli + " run " + tmp.path("single.json") + " 2>&1", &out), 0) << out;

    // Held, so the second task can be cancelled before it starts.
    out.clear();
    ASSERT_EQ(runCommand(kCli + " submit " + tmp.path("farm.json") + " --slurm --out-dir " +
                             tmp.path("farm") + " --partition test --sbatch-arg --hold 2>&1",
                         &out),
              0)
        << out;
    const std::string join1 = submittedId(out);
    ASSERT_FALSE(join1.empty()) << out;
    const auto record = nlohmann::json::parse(readFile(tmp.path("farm/farm.slurm.json")));
    const std::string array = record["array"];
    ASSERT_EQ(runCommand("scancel " + array + "_1 && scontrol release " + array +
                         " && scontrol release " + join1),
              0);
    EXPECT_EQ(waitForEnd(join1, 120), "FAILED") << readFile(tmp.path("farm/farm.join.log"));
    EXPECT_NE(readFile(tmp.path("farm/farm.join.log")).find("segment 1 (frames 54-77)"),
              std::string::npos)
        << readFile(tmp.path("farm/farm.join.log"));
    EXPECT_TRUE(fs::exists(tmp.path("farm/farm.seg000.mp4")));
    EXPECT_FALSE(fs::exists(tmp.path("farm.mp4")));

    out.clear();
    ASSERT_EQ(runCommand(kCli + " submit " + tmp.path("farm.json") + " --slurm --out-dir " +
                             tmp.path("farm") + " 2>&1",
                         &out),
              0)
        << out;
    EXPECT_NE(out.find("1 of 2 segments to run"), std::string::npos) << out;
    const std::string join2 = submittedId(out);
    EXPECT_EQ(waitForEnd(join2, 180), "COMPLETED")
        << readFile(tmp.path("farm/farm.join.log")) << readFile(tmp.path("farm/farm.seg001.log"));
    ASSERT_TRUE(fs::exists(tmp.path("farm.mp4")));

    EXPECT_EQ(frameTimes(tmp.path("farm.mp4")).size(), 48u);
    EXPECT_EQ(frameTimes(tmp.path("farm.mp4")), frameTimes(tmp.path("single.mp4")));
    const std::string audio = audioPackets(tmp.path("single.mp4"));
    EXPECT_GT(audio.size(), 100u);
    EXPECT_EQ(audioPackets(tmp.path("farm.mp4")), audio);
    const FrameComparison c = compareFrames(tmp.path("farm.mp4"), tmp.path("single.mp4"));
    EXPECT_EQ(c.frames, 48);
    EXPECT_GE(c.minPsnr, 35.0);
}

// A diffusion job split after its batches: the segments that continue another are jobs of
// their own, each waiting for the one before. The first is killed before it runs: the rest
// fail for want of its carry and the join names it; submitting again runs all four in order,
// and the joined clip is the single-machine run's, frame for frame.
TEST_F(SlurmFarm, ChainedDiffusionSegmentsRunInOrderAndAKilledOneFailsTheJoinUntilResubmitted) {
    TempDir tmp;
    writeDiffusionJob(tmp.path("single.json"), clip, tmp.path("single.mp4"));
    writeDiffusionJob(tmp.path("farm.json"), clip, tmp.path("farm.mp4"));
    std::string out;
    ASSERT_EQ(runCommand(kCli + " run " + tmp.path("single.json") + " 2>&1", &out), 0) << out;
    const std::string submit = kCli + " submit " + tmp.path("farm.json") +
                               " --slurm --segments 4 --out-dir " + tmp.path("farm");

    out.clear();
    ASSERT_EQ(runCommand(submit + " --sbatch-arg --hold 2>&1", &out), 0) << out;
    EXPECT_NE(out.find("3 after the segment they continue"), std::string::npos) << out;
    const std::string join1 = submittedId(out);
    ASSERT_FALSE(join1.empty()) << out;
    const auto record = nlohmann::json::parse(readFile(tmp.path("farm/farm.slurm.json")));
    const std::string array = record["array"];
    std::string held;
    runCommand("squeue --noheader --format=%i --states=PD 2>&1", &held);
    std::string release;
    std::istringstream ids(held);
    for (std::string id; ids >> id;)
        if (id.rfind(array + "_", 0) != 0) release += " " + id;  // all but the array (segment 0)
    ASSERT_EQ(runCommand("scancel " + array + " && scontrol release" + release), 0) << held;
    EXPECT_EQ(waitForEnd(join1, 120), "FAILED") << readFile(tmp.path("farm/farm.join.log"));
    EXPECT_NE(readFile(tmp.path("farm/farm.join.log")).find("segment 0 (frames 0-10)"),
              std::string::npos)
        << readFile(tmp.path("farm/farm.join.log"));
    EXPECT_NE(readFile(tmp.path("farm/farm.seg001.log")).find("carry"), std::string::npos)
        << readFile(tmp.path("farm/farm.seg001.log"));
    EXPECT_FALSE(fs::exists(tmp.path("farm.mp4")));

    out.clear();
    ASSERT_EQ(runCommand(submit + " 2>&1", &out), 0) << out;
    EXPECT_NE(out.find("4 of 4 segments to run"), std::string::npos) << out;
    EXPECT_EQ(waitForEnd(submittedId(out), 180), "COMPLETED")
        << readFile(tmp.path("farm/farm.join.log")) << readFile(tmp.path("farm/farm.seg003.log"));
    const FrameComparison c = compareFrames(tmp.path("farm.mp4"), tmp.path("single.mp4"));
    EXPECT_EQ(c.frames, 41);
    EXPECT_EQ(c.identical, 41) << "lowest PSNR " << c.minPsnr << " dB";
}
