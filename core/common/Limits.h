#pragma once
// Sizes Restyle can process, shared by the CLI, jobs and the pipeline.
#include <string>

#include "common/Error.h"

namespace restyle {

// Frames smaller than this on either side cannot be processed (flow pyramids, filters);
// --max-side and export.max_side below it are refused.
constexpr int kMinFrameSide = 16;

// Frames longer than this many times their height (or the reverse) are refused: flow
// pyramids scale the short side below one pixel.
constexpr int kMaxAspectRatio = 32;

// InputError naming `clip` when its (scaled) frames are too small or too elongated to
// process.
inline void checkProcessableSize(const std::string& clip, int width, int height) {
    const std::string size = std::to_string(width) + "x" + std::to_string(height);
    if (width < kMinFrameSide || height < kMinFrameSide)
        throw InputError(clip + ": frames of " + size + " are too small to process (at least " +
                         std::to_string(kMinFrameSide) + " pixels on each side" +
                         "; check --max-side)");
    if (width > kMaxAspectRatio * height || height > kMaxAspectRatio * width)
        throw InputError(clip + ": frames of " + size + " are too elongated to process (at most " +
                         std::to_string(kMaxAspectRatio) + ":1)");
}

}  // namespace restyle
