#pragma once
// What a run hands the run that continues it, so that the two together make exactly the
// frames one run would. core/farm splits a diffusion job at its batch boundaries this way:
// a batch's last output is the next batch's anchor, so the segment after a boundary starts
// from the carry of the segment before it.
//
// NAME.json {"version": 1, "frame": 95, "engine_output": "NAME.engine.png",
//            "written": "NAME.written.png", "engine_state": {...}}
// The images are lossless and sit beside the JSON (paths relative to it).
#include <cstdint>
#include <nlohmann/json.hpp>
#include <opencv2/core.hpp>
#include <string>

namespace restyle {

struct RunCarry {
    int64_t frame = -1;        // the last frame of the run that wrote it
    cv::Mat engineOutput;      // the engine's output there (the next run's keyframe)
    cv::Mat written;           // the frame as written, after flicker removal (its state)
    nlohmann::json engineState = nlohmann::json::object();  // PropagationEngine::carryState

    // The images first, the JSON last, each through a temporary file and a rename: a JSON
    // that exists names images that do. InputError naming the path when it cannot be written.
    void save(const std::string& path) const;
    // InputError naming the file when it is missing, unreadable, or its images are not of
    // `size`.
    static RunCarry load(const std::string& path, cv::Size size);
    // The image files a carry at `path` consists of (for output checks).
    static std::vector<std::string> files(const std::string& path);
};

}  // namespace restyle
