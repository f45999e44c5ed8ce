#pragma once
// What the farm tests share: a real clip's job with two keyframes, and comparisons of a
// joined output with the single-machine run of the same job.
#include <string>
#include <vector>

namespace restyle::test {

// Megamind.avi (animation, AC-3 audio) from Debian's opencv-doc; "" when not installed.
std::string megamindClip();

// Frames 30-77 of `clip` at 160 px, keyframes at 30 (cartoon) and 54 (watercolor), fast
// flow; written to `jobPath`, output `output`.
void writeTwoKeyframeJob(const std::string& jobPath, const std::string& clip,
                         const std::string& output, int crf);

// Frames 0-40 of `clip` at 96 px on the diffusion engine with the build's tiny SD model
// (random weights), batches of 3 keyframes every 3 frames, a cartoon keyframe at 0, crf 0.
void writeDiffusionJob(const std::string& jobPath, const std::string& clip,
                       const std::string& output);

// Every frame's presentation time, in seconds from the first.
std::vector<double> frameTimes(const std::string& path);
// The audio stream's packets (time and size), one per line, as ffprobe lists them.
std::string audioPackets(const std::string& path);

struct FrameComparison {
    int frames = 0;
    double minPsnr = 0.0;  // dB; 99 for identical frames
    int identical = 0;     // frames with no differing pixel value
};
FrameComparison compareFrames(const std::string& a, const std::string& b);

}  // namespace restyle::test
