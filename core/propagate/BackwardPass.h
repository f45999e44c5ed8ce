#pragma once
// Flow from a later keyframe back to the frames before it, for blending two keyframes.
// Reads the clip backward in short chunks (frame-exact seeks) and spills each frame's warped
// edit and unreliable mask to a temporary folder, so memory stays flat however long the
// stretch between keyframes is. The folder is removed with this object.
#include <filesystem>
#include <opencv2/core.hpp>
#include <stop_token>
#include <string>

#include "common/TempDir.h"
#include "flow/FlowTracker.h"
#include "propagate/Keyframe.h"

namespace restyle {

class BackwardPass {
  public:
    BackwardPass(std::string clip, int maxSide, FlowSettings flow);

    // Tracks from `key` back to frame `from` (inclusive), spilling frames [from, key.frame);
    // stops early at a shot boundary (a keyframe never reaches across a cut).
    void run(const ResolvedKeyframe& key, int64_t from, std::stop_token stop);
    // The spilled data of `frame`; false when it was not computed.
    bool load(int64_t frame, cv::Size size, cv::Mat& warped, cv::Mat& unreliable) const;
    // Whether load() has data for `frame`.
    bool covers(int64_t frame) const { return frame >= from_ && frame < to_; }

    static constexpr int kChunk = 16;  // frames held while reading backward

  private:
    std::filesystem::path file(int64_t frame, const char* what) const;
    std::string clip_;
    int maxSide_;
    FlowSettings flow_;
    TempDir dir_{"restyle-backward"};
    int64_t from_ = -1, to_ = -1;
};

}  // namespace restyle
