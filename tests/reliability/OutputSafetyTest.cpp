// Issue 15, items 1, 2 and 6: no output ever replaces an input, another output, a
// write-protected file or a FIFO; a full disk leaves the previous file intact.
#include <gtest/gtest.h>
#include <sys/mount.h>
#include <sys/stat.h>

#include <filesystem>

#include "reliability/ReliabilitySupport.h"

using namespace restyle::test;
namespace fs = std::filesystem;

namespace {

// Runs the command expecting exit 2 and `file` unchanged.
void expectRefusedAndUnchanged(const std::string& args, const std::string& file,
                               const std::string& needle = "same file") {
    const std::string before = readFile(file);
    const CliRun r = runCli(args);
    EXPECT_EQ(r.code, 2) << args << "\n" << r.output;
    EXPECT_NE(r.output.find(needle), std::string::npos) << r.output;
    EXPECT_EQ(readFile(file), before) << args << " changed " << file;
    EXPECT_TRUE(partialFiles(fs::path(file).parent_path()).empty()) << args;
}

TEST(OutputSafety, ConvertOntoItsOwnInputWithoutAudioIsRefusedAndTheClipKept) {
    TempDir tmp;
    const auto clip = makeSmallClip(tmp);
    expectRefusedAndUnchanged("convert " + clip + " " + clip + " --no-audio", clip);
    // The same file under another name (a hard link) too: the check compares inodes.
    fs::create_hard_link(clip, tmp.path("link.mp4"));
    expectRefusedAndUnchanged("convert " + clip + " " + tmp.path("link.mp4") + " --no-audio", clip);
}

TEST(OutputSafety, RestyleOutputOrMetricsOntoTheInputIsRefused) {
    TempDir tmp;
    const auto clip = makeSmallClip(tmp);
    const std::string base = "restyle " + clip + " --editor cartoon --no-audio ";
    expectRefusedAndUnchanged(base + "--out " + clip, clip);
    expectRefusedAndUnchanged(base + "--out " + tmp.path("o.mp4") + " --metrics " + clip, clip);
}

TEST(OutputSafety, MetricsEqualToTheOutputIsRefusedBeforeTheVideoIsWritten) {
    TempDir tmp;
    const auto clip = makeSmallClip(tmp);
    const auto out = tmp.path("o.mp4");
    writeFile(out, "previous video");
    expectRefusedAndUnchanged(
        "restyle " + clip + " --editor cartoon --out " + out + " --metrics " + out, out,
        "two outputs");
}

TEST(OutputSafety, PropagateOutputOntoTheFirstEditImageIsRefused) {
    TempDir tmp;
    const auto clip = makeSmallClip(tmp);
    const auto first = tmp.path("f.png");
    ASSERT_EQ(runCli("edit " + clip + " --editor cartoon --out " + first).code, 0);
    // A single .png is not an output format (image sequences need a frame-number field), so
    // that refusal comes first; the same-file check is the metrics case below.
    expectRefusedAndUnchanged("propagate " + clip + " --first " + first + " --out " + first, first,
                              "frame-number field");
    expectRefusedAndUnchanged("propagate " + clip + " --first " + first + " --out " +
                                  tmp.path("o.mp4") + " --metrics " + first,
                              first);
}

TEST(OutputSafety, EditOntoItsOwnInputIsRefused) {
    TempDir tmp;
    const auto clip = makeSmallClip(tmp);
    fs::create_hard_link(clip, tmp.path("same.png"));
    expectRefusedAndUnchanged("edit " + clip + " --editor cartoon --out " + tmp.path("same.png"),
                              clip);
}

TEST(OutputSafety, JobOutputsOntoTheJobFileTheInputOrAKeyframeAreRefused) {
    TempDir tmp;
    const auto clip = makeSmallClip(tmp);
    ASSERT_EQ(runCli("edit " + clip + " --editor cartoon --out " + tmp.path("k.png")).code, 0);
    const auto job = tmp.path("job.json");
    auto jobText = [&](const std::string& out, const std::string& metrics) {
        return R"({"input": "clip.mp4", "output": ")" + out + R"(", "metrics": ")" + metrics +
               R"(", "keyframes": [{"frame": 0, "image": "k.png"}]})";
    };
    for (const auto& [out, metrics] :
         std::vector<std::pair<std::string, std::string>>{{"job.json", "m.csv"},
                                                          {"o.mp4", "clip.mp4"},
                                                          {"k.png", "m.csv"},
                                                          {"o.mp4", "job.json"},
                                                          {"clip.mp4", "m.csv"}}) {
        writeFile(job, jobText(out, metrics));
        const std::string clipBefore = readFile(clip), keyBefore = readFile(tmp.path("k.png"));
        expectRefusedAndUnchanged("run " + job, job);
        EXPECT_EQ(readFile(clip), clipBefore) << out << " " << metrics;
        EXPECT_EQ(readFile(tmp.path("k.png")), keyBefore) << out << " " << metrics;
    }
}

TEST(OutputSafety, WriteProtectedTargetIsRefusedUnlessOverwriteIsGiven) {
    TempDir tmp;
    const auto clip = makeSmallClip(tmp);
    const auto out = tmp.path("e.png");
    writeFile(out, "protected");
    ::chmod(out.c_str(), 0444);
    expectRefusedAndUnchanged("edit " + clip + " --editor cartoon --out " + out, out,
                              "write-protected");
    const CliRun r = runCli("edit " + clip + " --editor cartoon --out " + out + " --overwrite");
    EXPECT_EQ(r.code, 0) << r.output;
    EXPECT_NE(readFile(out), "protected");
}

TEST(OutputSafety, FifoAsOutputIsRefusedWithoutHanging) {
    TempDir tmp;
    const auto clip = makeSmallClip(tmp);
    const auto fifo = tmp.path("out.png");
    ASSERT_EQ(::mkfifo(fifo.c_str(), 0644), 0);
    const CliRun r = runCli("edit " + clip + " --editor cartoon --out " + fifo, 30);
    EXPECT_EQ(r.code, 2) << r.output;
    EXPECT_NE(r.output.find("not a regular file"), std::string::npos) << r.output;
    struct stat st {};
    ASSERT_EQ(::stat(fifo.c_str(), &st), 0);
    EXPECT_TRUE(S_ISFIFO(st.st_mode)) << "the FIFO was replaced";
}

// A folder with almost no free space: a small tmpfs when this process may mount one.
class FullDisk : public ::testing::Test {
  protected:
    void SetUp() override {
        dir_ = tmp_.path("full");
        fs::create_directory(dir_);
        if (::mount("tmpfs", dir_.c_str(), "tmpfs", 0, "size=64k") != 0)
            GTEST_SKIP() << "cannot mount a small tmpfs here (needs root or CAP_SYS_ADMIN); "
                            "the full-disk cases are not tested";
        mounted_ = true;
    }
    void TearDown() override {
        if (mounted_) ::umount(dir_.c_str());
    }
    // Fills the tmpfs but for `spare` bytes.
    void fill() { runCommand("dd if=/dev/zero of=" + dir_ + "/filler bs=4k 2>/dev/null"); }
    TempDir tmp_;
    std::string dir_;
    bool mounted_ = false;
};

TEST_F(FullDisk, EditOntoAFullDiskFailsAndKeepsTheExistingImage) {
    const auto clip = makeSmallClip(tmp_, "clip.mp4", 320, 240);
    for (const std::string ext : {".bmp", ".webp", ".png"}) {
        const auto out = dir_ + "/e" + ext;
        writeFile(out, "previous image");
        fill();
        const CliRun r = runCli("edit " + clip + " --editor cartoon --out " + out);
        EXPECT_NE(r.code, 0) << ext << r.output;
        EXPECT_EQ(readFile(out), "previous image") << ext;
        EXPECT_TRUE(partialFiles(dir_).empty()) << ext;
        fs::remove(dir_ + "/filler");
    }
}

TEST_F(FullDisk, MetricsAndVideoOnAFullDiskFailWithoutLeavingFiles) {
    const auto clip = makeSmallClip(tmp_, "clip.mp4", 160, 120, 24);
    fill();
    const CliRun r = runCli("restyle " + clip + " --editor cartoon --out " + dir_ +
                            "/o.mp4 --metrics " + dir_ + "/m.csv");
    EXPECT_EQ(r.code, 1) << r.output;
    EXPECT_FALSE(fs::exists(dir_ + "/o.mp4"));
    EXPECT_FALSE(fs::exists(dir_ + "/m.csv"));
    EXPECT_TRUE(partialFiles(dir_).empty());
    fs::remove(dir_ + "/filler");
    // Room for the video but not for the CSV is not something a 64 KiB disk can show;
    // a CSV alone on a full disk:
    writeFile(dir_ + "/m.csv", "previous,csv\n");
    fill();
    const CliRun m = runCli("restyle " + clip + " --editor cartoon --out " + tmp_.path("o.mp4") +
                            " --metrics " + dir_ + "/m.csv");
    EXPECT_EQ(m.code, 1) << m.output;
    EXPECT_EQ(readFile(dir_ + "/m.csv"), "previous,csv\n");
    EXPECT_FALSE(fs::exists(tmp_.path("o.mp4"))) << "video committed although the CSV failed";
}

}  // namespace
