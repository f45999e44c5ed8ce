#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/Command.h"
#include "media/ShotDetector.h"
#include "media/VideoReader.h"

namespace restyle::cli {

Command infoCommand() {
    Command c;
    c.name = "info";
    c.summary = "print a clip's facts as JSON";
    c.usage =
        "usage: restyle-cli info CLIP\n\n"
        "Prints JSON: path, width, height (as displayed), fps, frames, duration (s),\n"
        "video_codec, audio_codec (null without audio), rotation (degrees clockwise),\n"
        "pixel_format, cuts (frames that start a new shot: hard cuts, and fades from\n"
        "or to black; found by decoding the clip).\n";
    c.run = [](Args& args, const Context&) {
        const auto pos = args.positionals(1, 1);
        const VideoInfo info = probeVideo(pos[0]);
        nlohmann::ordered_json j;
        j["path"] = info.path;
        j["width"] = info.width;
        j["height"] = info.height;
        j["fps"] = info.fps();
        j["frames"] = info.frames;
        j["duration"] = info.duration;
        j["video_codec"] = info.videoCodec;
        j["audio_codec"] = info.audioCodec ? nlohmann::ordered_json(*info.audioCodec) : nullptr;
        j["rotation"] = info.rotation;
        j["pixel_format"] = info.pixelFormat;
        j["cuts"] = detectCuts(pos[0]);
        std::cout << j.dump(2) << "\n";
        return 0;
    };
    return c;
}

}  // namespace restyle::cli
