#pragma once
// How the segments of a split job go back together: what `restyle-cli plan` writes beside
// the segment jobs and `restyle-cli join` reads. Farm-agnostic: any manager that runs
// command lines can run the segments and then the join.
//
// {
//   "version": 1,
//   "source": "/shots/shot010.mov", "output": "/shots/shot010.restyled.mp4",
//   "frames": {"first": 0, "last": 239},
//   "audio": {"enabled": true, "offset": 0.0, "duration": -1},
//   "encode": {"crf": 18, "preset": "veryfast"},
//   "metrics": "/shots/shot010.csv",
//   "segments": [{"first": 0, "last": 95, "offset_seconds": 0.0,
//                 "job": "shot010.restyled.seg000.json",
//                 "output": "shot010.restyled.seg000.mp4"}, ...]
//   (a segment that continues the one before it has "after": that segment's index)
// }
//
// Relative paths are relative to the join file's folder.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace restyle {

struct SegmentSpec {
    int64_t first = 0;  // source frames, inclusive
    int64_t last = 0;
    double offsetSeconds = 0.0;  // the segment's first frame's time in the joined output
    std::string job;             // the segment's job file
    std::string output;          // the clip it writes
    std::string metrics;         // its per-frame metrics CSV ("" when the job has none)
    // The segment whose carry this one continues from (a diffusion job split at a batch
    // boundary): it runs after that one; -1 when it depends on none.
    int after = -1;

    int64_t frames() const { return last - first + 1; }
};

struct JoinSpec {
    static constexpr int kVersion = 1;
    std::string source;
    std::string output;
    int64_t first = 0;
    int64_t last = 0;
    bool audio = true;
    double audioOffset = 0.0;     // source seconds that become output time 0
    double audioDuration = -1.0;  // negative: to the end of the source
    int crf = 18;                 // used only when the segments must be re-encoded
    std::string preset = "veryfast";
    std::string metrics;
    std::vector<SegmentSpec> segments;

    // "segment 2 (frames 40-59)": how messages name a segment.
    std::string describe(size_t index) const;

    nlohmann::json toJson(const std::string& baseDir = "") const;  // paths relative to it
    static JoinSpec fromJson(const nlohmann::json& j, const std::string& where,
                             const std::string& baseDir);
    static JoinSpec load(const std::string& path);  // InputError naming the file
    void save(const std::string& path) const;       // atomic; paths relative to its folder
};

}  // namespace restyle
