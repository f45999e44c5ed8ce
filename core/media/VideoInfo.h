#pragma once
#include <cstdint>
#include <optional>
#include <string>

namespace restyle {

// What a clip is, as reported by `restyle-cli info`. Sizes are as displayed (rotation
// applied) and before any scaling.
struct VideoInfo {
    std::string path;
    int width = 0;
    int height = 0;
    int fpsNum = 0;  // frame rate as a rational, e.g. 30000/1001
    int fpsDen = 1;
    int64_t frames = 0;
    double duration = 0.0;  // seconds
    std::string videoCodec;
    std::optional<std::string> audioCodec;
    int rotation = 0;  // degrees clockwise applied to show the frame upright: 0, 90, 180, 270
    std::string pixelFormat;
    int timeBaseNum = 1;  // time base of the video stream's timestamps
    int timeBaseDen = 1;
    double startTime = 0.0;  // seconds of the video stream's first timestamp in the container

    double fps() const { return fpsDen ? double(fpsNum) / double(fpsDen) : 0.0; }
};

}  // namespace restyle
