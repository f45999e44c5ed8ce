// Issue 15, items 5 and 9: FIFOs as inputs are refused instead of hanging; SIGPIPE and
// SIGHUP stop a run like SIGTERM; runs killed at random points leave nothing behind once
// the next run has started.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <random>
#include <thread>

#include "reliability/ReliabilitySupport.h"

using namespace restyle::test;
namespace fs = std::filesystem;

namespace {

TEST(Fifo, EveryKindOfInputGivenAsAFifoExits2WithinSeconds) {
    TempDir tmp;
    const auto clip = makeSmallClip(tmp);
    const auto fifo = tmp.path("in.fifo");
    ASSERT_EQ(::mkfifo(fifo.c_str(), 0644), 0);
    const auto out = tmp.path("o.mp4");
    for (const std::string& args :
         {"info " + fifo, "convert " + fifo + " " + out,
          "edit " + fifo + " --editor cartoon --out " + tmp.path("e.png"),
          "restyle " + fifo + " --editor cartoon --out " + out, "run " + fifo,
          "propagate " + clip + " --first " + fifo + " --out " + out,
          "edit " + clip + " --editor " + fifo + " --out " + tmp.path("e.png"),
          "edit " + clip + " --editor lut --set cube=" + fifo + " --out " + tmp.path("e.png")}) {
        const auto t0 = std::chrono::steady_clock::now();
        const CliRun r = runCli(args, 30);
        EXPECT_EQ(r.code, 2) << args << "\n" << r.output;
        EXPECT_NE(r.output.find(fifo), std::string::npos) << args << "\n" << r.output;
        EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(25)) << args;
    }
    EXPECT_FALSE(fs::exists(out));
}

// Starts `restyle-cli ARGS` in the background; returns its pid.
pid_t startCli(const std::string& args, const std::string& log) {
    const pid_t pid = ::fork();
    if (pid == 0) {
        ::execl("/bin/sh", "sh", "-c",
                ("exec " + quoted(RESTYLE_CLI) + " " + args + " >" + log + " 2>&1").c_str(),
                nullptr);
        ::_exit(127);
    }
    return pid;
}

int waitExit(pid_t pid) {
    int status = 0;
    ::waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

TEST(Signals, HangupStopsARunWithExit130AndNoPartialOutput) {
    TempDir tmp;
    const auto clip = makeSmallClip(tmp, "clip.mp4", 320, 240, 240);
    const pid_t pid =
        startCli("restyle " + clip + " --editor cartoon --progress --out " + tmp.path("o.mp4"),
                 tmp.path("log"));
    // Once it reports progress it is working (and has its handlers).
    for (int i = 0; i < 600 && readFile(tmp.path("log")).find("PROGRESS") == std::string::npos; ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    ::kill(pid, SIGHUP);
    EXPECT_EQ(waitExit(pid), 130) << readFile(tmp.path("log"));
    EXPECT_FALSE(fs::exists(tmp.path("o.mp4")));
    EXPECT_TRUE(partialFiles(tmp.path()).empty());
}

TEST(Signals, ProgressIntoAClosedPipeStopsWithExit130AndNoPartialOutput) {
    TempDir tmp;
    const auto clip = makeSmallClip(tmp, "clip.mp4", 320, 240, 120);
    std::string out;
    const int rc = runCommand("bash -c " + quoted("set -o pipefail; " + quoted(RESTYLE_CLI) +
                                                  " convert " + clip + " " + tmp.path("o.mp4") +
                                                  " --progress 2>/dev/null | head -1 >/dev/null; "
                                                  "echo ${PIPESTATUS[0]}"),
                              &out);
    ASSERT_EQ(rc, 0);
    EXPECT_EQ(std::stoi(out), 130) << "exit status of restyle-cli";
    EXPECT_FALSE(fs::exists(tmp.path("o.mp4")));
    EXPECT_TRUE(partialFiles(tmp.path()).empty());
}

TEST(Signals, RunsKilledAtRandomPointsLeaveNoTemporariesAfterTheNextRun) {
    TempDir tmp;
    const auto clip = makeSmallClip(tmp, "clip.mp4", 160, 120, 48);
    ASSERT_EQ(runCli("edit " + clip + " --editor cartoon --out " + tmp.path("f.png")).code, 0);
    ASSERT_EQ(
        runCli("edit " + clip + " --editor pencil --frame 40 --out " + tmp.path("k.png")).code, 0);
    const std::string spill = tmp.path("spill");
    fs::create_directory(spill);
    // Two keyframes: the backward pass spills frames to $TMPDIR/restyle-backward-*.
    const std::string args = "propagate " + clip + " --first " + tmp.path("f.png") +
                             " --keyframe 40:" + tmp.path("k.png") + " --out " + tmp.path("o.mp4") +
                             " --metrics " + tmp.path("m.csv");
    std::mt19937 rng(15);
    for (int i = 0; i < 6; ++i) {
        setenv("TMPDIR", spill.c_str(), 1);
        const pid_t pid = startCli(args, tmp.path("log"));
        unsetenv("TMPDIR");
        std::this_thread::sleep_for(std::chrono::milliseconds(300 + rng() % 2500));
        ::kill(pid, SIGKILL);
        waitExit(pid);
    }
    const CliRun r = runCli(args, 300, "TMPDIR=" + spill);
    ASSERT_EQ(r.code, 0) << r.output;
    EXPECT_TRUE(partialFiles(tmp.path()).empty());
    std::vector<std::string> left;
    for (const auto& e : fs::directory_iterator(spill))
        left.push_back(e.path().filename());
    EXPECT_TRUE(left.empty()) << left.size() << " spill folders left, e.g. " << left[0];
}

}  // namespace
