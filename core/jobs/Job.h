#pragma once
// A restyle job as a JSON document: what the batch queue stores and `restyle-cli run` takes.
//
// {
//   "version": 1,
//   "input": "clip.mp4", "output": "clip.restyled.mp4",
//   "keyframes": [{"frame": 0, "editor": "cartoon", "params": {"levels": 6}},
//                 {"frame": 90, "image": "frame90.png"}],
//   "engine": {"name": "warp", "settings": {"feather": 2}},
//   "flow": {"method": "dis-fast", "mode": "chained-refined",
//            "occlusion_alpha1": 0.01, "occlusion_alpha2": 0.5, "motion_boundaries": false},
//   "export": {"crf": 18, "preset": "veryfast", "max_side": 0, "audio": true},
//   "frames": {"first": 0, "last": -1},
//   "temporal": 0.6, "seed": 0, "device": "auto", "metrics": "clip.csv",
//   "carry": {"from": "part1.carry.json", "to": "part2.carry.json"}
// }
//
// Relative paths are relative to the job file's folder. A keyframe before the frames is
// where the run starts (a lead-in, not written). "carry" (RunCarry; farm segments of a
// diffusion job): "from" continues a run that ended just before "frames.first", which then
// needs no keyframe of its own; "to" leaves what a run continuing this one needs.
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "propagate/Keyframe.h"
#include "propagate/Pipeline.h"

namespace restyle {

struct Job {
    static constexpr int kVersion = 1;
    std::string input;
    std::string output;
    std::vector<Keyframe> keyframes;
    PropagationSettings settings;

    nlohmann::json toJson() const;
    // Validates everything a job needs; InputError naming `where` (the file) and the field.
    static Job fromJson(const nlohmann::json& j, const std::string& where = "job",
                        const std::string& baseDir = "");
    static Job load(const std::string& path);
    void save(const std::string& path) const;  // atomic
};

}  // namespace restyle
