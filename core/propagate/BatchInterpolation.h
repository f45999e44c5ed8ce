#pragma once
// The frames between a diffusion batch's keyframes (DiffusionEngine): each frame from the two
// generated keyframes around it (before the first, the carried frame), warped to it along the
// composed frame-to-frame flows and blended by its distance to each and by where each warp is
// reliable (occlusion and photometric checks). A plain function of the batch, so the engine
// can run it on a worker while the next batch samples.
#include <cstdint>
#include <opencv2/core.hpp>
#include <vector>

#include "propagate/PropagationEngine.h"

namespace restyle {

struct BufferedFrame {
    int64_t index = 0;
    cv::Mat source, toPrevious, fromPrevious;
    cv::Mat warped, unreliable;  // the anchor's warp and its unreliable pixels (keyframes)
};

struct FinishedBatch {
    std::vector<BufferedFrame> frames;
    std::vector<size_t> keys;        // the keyframes' positions in `frames`, ascending
    std::vector<cv::Mat> generated;  // their outputs, one per key
    cv::Mat before, beforeSource;    // the carried frame's output and source
};

// Every frame of the batch in order: the keyframes as generated, the others interpolated.
// `allCores`: the frames are spread over OpenCV's threads (for the last batch, when nothing
// else runs); otherwise one thread, beside the next batch's sampling.
std::vector<EngineOutput> interpolateBatch(const FinishedBatch& batch, bool allCores = false);

}  // namespace restyle
