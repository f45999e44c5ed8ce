#include "farm/FarmTestSupport.h"

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <opencv2/core.hpp>

#include "media/VideoReader.h"
#include "support/TestSupport.h"

namespace restyle::test {

std::string megamindClip() {
    const std::string path = "/usr/share/doc/opencv-doc/examples/data/Megamind.avi";
    return std::filesystem::exists(path) ? path : "";
}

void writeTwoKeyframeJob(const std::string& jobPath, const std::string& clip,
                         const std::string& output, int crf) {
    const nlohmann::json job = {
        {"version", 1},
        {"input", clip},
        {"output", output},
        {"keyframes",
         {{{"frame", 30}, {"editor", "cartoon"}}, {{"frame", 54}, {"editor", "watercolor"}}}},
        {"flow", {{"method", "dis-ultrafast"}}},
        {"export", {{"crf", crf}, {"preset", "veryfast"}, {"max_side", 160}, {"audio", true}}},
        {"frames", {{"first", 30}, {"last", 77}}}};
    std::ofstream(jobPath) << job.dump(2);
}

void writeDiffusionJob(const std::string& jobPath, const std::string& clip,
                       const std::string& output) {
    const nlohmann::json job = {
        {"version", 1},
        {"input", clip},
        {"output", output},
        {"keyframes", {{{"frame", 0}, {"editor", "cartoon"}}}},
        {"engine",
         {{"name", "diffusion"},
          {"settings",
           {{"model", std::string(RESTYLE_TINY_MODELS) + "/tiny-sd"},
            {"batch", 4},
            {"keyframe_interval", 3},
            {"steps", 2},
            {"prompt", "a cartoon"}}}}},
        {"flow", {{"method", "dis-ultrafast"}}},
        {"export", {{"crf", 0}, {"preset", "veryfast"}, {"max_side", 96}, {"audio", false}}},
        {"frames", {{"first", 0}, {"last", 40}}}};
    std::ofstream(jobPath) << job.dump(2);
}

std::vector<double> frameTimes(const std::string& path) {
    VideoReader reader(path);
    std::vector<double> times;
    VideoFrame f;
    double origin = 0.0;
    while (reader.read(f)) {
        if (times.empty()) origin = f.seconds;
        times.push_back(f.seconds - origin);
    }
    return times;
}

std::string audioPackets(const std::string& path) {
    std::string out;
    runCommand(
        "ffprobe -v error -select_streams a -show_entries packet=pts_time,size -of csv " + path,
        &out);
    return out;
}

FrameComparison compareFrames(const std::string& a, const std::string& b) {
    VideoReader ra(a), rb(b);
    FrameComparison c;
    c.minPsnr = 99.0;
    VideoFrame fa, fb;
    while (ra.read(fa) && rb.read(fb)) {
        ++c.frames;
        const double p = fa.image.size() == fb.image.size() ? psnr(fa.image, fb.image) : 0.0;
        const bool same = fa.image.size() == fb.image.size() && cv::norm(fa.image, fb.image) == 0;
        c.minPsnr = std::min(c.minPsnr, same ? 99.0 : p);
        c.identical += same ? 1 : 0;
    }
    return c;
}

}  // namespace restyle::test
