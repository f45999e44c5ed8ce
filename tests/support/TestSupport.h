#pragma once
// Helpers shared by the tests: temporary folders, frames that carry their own index, and
// clips encoded by the ffmpeg command-line tool with any codec it has.
#include <opencv2/core.hpp>

#include <string>
#include <vector>
#include "common/TempDir.h"

namespace restyle::test {

using restyle::TempDir;

// A textured frame whose index is drawn as 16 large black/white cells (robust to lossy
// codecs), plus a gradient and noise so codecs behave as on real content.
cv::Mat indexedFrame(int index, cv::Size size);
// Reads the index back; -1 when the cells are ambiguous.
int readFrameIndex(const cv::Mat& frame);
// The first frame of the sample clips' scene (media/SampleClip.h) at w x h, from `seed`.
cv::Mat sceneFrame(int w, int h, unsigned seed = 2);

struct ClipSpec {
    int frames = 40;
    cv::Size size{320, 240};
    int fps = 25;
    std::string videoArgs = "-c:v libx264 -pix_fmt yuv420p";
    std::string audioArgs;  // e.g. "-c:a ac3"; empty for no audio
    std::string extraArgs;  // e.g. "-metadata:s:v:0 rotate=90"
};

// Encodes indexedFrame(0..frames-1) with ffmpeg; a sine tone as audio when audioArgs is set.
// Returns false (and prints why) when ffmpeg fails, e.g. a missing encoder.
bool makeClip(const std::string& path, const ClipSpec& spec);

// Runs a shell command; returns its exit status and captures stdout (and stderr if asked).
int runCommand(const std::string& command, std::string* output = nullptr);

// Starts `command` in the background, waits until a file other than those present appears in
// `dir` (the command's temporary output: its signal handlers are installed by then, however
// loaded the machine), sends `signal` (e.g. "INT") and returns the command's exit status.
// A fixed sleep raced the process start: a signal before main() killed it or, for SIGINT in
// a background job, was ignored and the run completed.
int signalWhenWriting(const std::string& command, const std::string& dir, const std::string& signal);

// Mean absolute difference per channel value.
double meanAbsDiff(const cv::Mat& a, const cv::Mat& b);
// Every frame of a clip, decoded (for short test clips only).
std::vector<cv::Mat> readAllFrames(const std::string& path);
double psnr(const cv::Mat& a, const cv::Mat& b);

}  // namespace restyle::test
