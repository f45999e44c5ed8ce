#pragma once
// Helpers for the reliability tests: run restyle-cli with a time limit, small clips made
// here, and what a folder holds (partial files, backups).
#include <string>
#include <vector>

#include "support/TestSupport.h"

namespace restyle::test {

struct CliRun {
    int code = -1;       // exit status; 124 when the time limit killed it
    std::string output;  // stdout and stderr together
};

// Runs `restyle-cli ARGS` under `timeout SECONDS` (SIGKILL after), in `dir` when given.
CliRun runCli(const std::string& args, int seconds = 120, const std::string& env = "");

// A small clip (64x48 by default, 12 frames, 12 fps, no audio) made by restyle itself.
std::string makeSmallClip(const TempDir& tmp, const std::string& name = "clip.mp4", int width = 64,
                          int height = 48, int frames = 12);

std::string readFile(const std::string& path);
void writeFile(const std::string& path, const std::string& text);

// Names in `dir` that contain ".part-" (temporaries of atomic writers).
std::vector<std::string> partialFiles(const std::string& dir);

// "x" for shell commands.
std::string quoted(const std::string& s);

}  // namespace restyle::test
