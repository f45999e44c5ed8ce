#pragma once
// Keyframes as the engines take them: each user keyframe's source frame decoded and its edit
// made (the painting loaded, or the editor applied), and the keyframe a shot gets at its cut
// when it has none of its own.
#include <string>
#include <vector>

#include "propagate/Keyframe.h"

namespace restyle {

// The keyframes inside [first, last], the last one before it (a lead-in, where the run
// starts) and the first one after it (the range's last stretch blends toward it, as in a run
// over the whole clip; a farm segment relies on this), in order. InputError for two keyframes
// at one frame, or one with neither an image nor an editor.
std::vector<ResolvedKeyframe> resolveKeyframes(const std::string& clip, std::vector<Keyframe> keys,
                                               int maxSide, int64_t first, int64_t last,
                                               std::vector<std::string>& warnings);

// The keyframe of a shot that starts at frame `t` without one: the first editor keyframe's
// editor applied afresh; otherwise the frame in the colours of the nearest painted keyframe,
// with a warning.
ResolvedKeyframe shotKeyframe(const std::vector<ResolvedKeyframe>& keys, const cv::Mat& frame,
                              int64_t t, std::vector<std::string>& warnings);

}  // namespace restyle
