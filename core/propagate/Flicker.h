#pragma once
// How much a restyled video flickers: Lai et al. 2018's temporal warping error, averaged
// over the clip, with the motion taken from the source clip (so two renderings of the same
// clip are judged by the same flows).
#include <functional>
#include <string>

#include "common/Progress.h"

namespace restyle {

// Mean E_warp of `styled` against its own previous frame warped along the source's flow,
// over pixels the forward-backward check trusts. Both clips are read at `maxSide`; `styled`
// starts at frame `sourceFirst` of `source`.
double meanWarpingError(const std::string& styled, const std::string& source, int maxSide = 512,
                        std::stop_token stop = {}, int64_t sourceFirst = 0);

// Writes `output`: every frame of `clip` through `editor` independently (the flickery
// baseline that propagation improves on).
void editEveryFrame(const std::string& clip, const std::string& output, const std::string& editor,
                    int maxSide, std::stop_token stop = {});

}  // namespace restyle
