#pragma once
// The frames between a diffusion batch's keyframes (DiffusionEngine): each frame from the two
// generated keyframes around it (before the first, the carried frame), warped to it along the
// composed frame-to-frame flows and blended by its distance to each and by where each warp is
// reliable (occlusion and photometric checks). Only the last warps and the blend need the
// generated keyframes: the flows and blend weights (the plan) come from the sources, so the
// engine works them out while the batch samples, and what is left after sampling is cheap.
#include <cstdint>
#include <opencv2/core.hpp>
#include <vector>

#include "propagate/PropagationEngine.h"

namespace restyle {

struct BufferedFrame {
    int64_t index = 0;
    cv::Mat source, toPrevious, fromPrevious;
    // At keyframes: the flow to the batch's carried frame, and where its warp is unreliable.
    cv::Mat toAnchor, unreliable;
};

// How one frame between keyframes is made from the keyframes before (A) and after (B) it.
struct InterpolationPlan {
    cv::Mat toA, toB;  // flows from the frame to each keyframe (CV_32FC2)
    cv::Mat shareA;    // CV_32F: A's weight in the blend, B's is 1 - shareA
};

// The plan of every frame of a batch (empty at keyframes). `keys`: the keyframes' positions
// in `frames`, ascending; `beforeSource`: the carried frame's source, A of the frames before
// the first keyframe. Reads the frames' sources and flows only. `allCores`: spread over
// OpenCV's threads (beside a GPU's sampling), else one thread (beside the CPU's).
std::vector<InterpolationPlan> planInterpolation(const std::vector<BufferedFrame>& frames,
                                                 const std::vector<size_t>& keys,
                                                 const cv::Mat& beforeSource,
                                                 bool allCores = false);

struct FinishedBatch {
    std::vector<BufferedFrame> frames;
    std::vector<size_t> keys;        // the keyframes' positions in `frames`, ascending
    std::vector<cv::Mat> generated;  // their outputs, one per key
    cv::Mat before, beforeSource;    // the carried frame's output and source
    std::vector<InterpolationPlan> plans;  // planInterpolation()'s, or empty: planned here
};

// Every frame of the batch in order: the keyframes as generated, the others interpolated.
// `allCores`: the frames are spread over OpenCV's threads (for the last batch, when nothing
// else runs); otherwise one thread, beside the next batch's sampling.
std::vector<EngineOutput> interpolateBatch(const FinishedBatch& batch, bool allCores = false);
// Frames [begin, end) of the batch: only the keyframes around them need be generated yet.
std::vector<EngineOutput> interpolateFrames(const FinishedBatch& batch, size_t begin, size_t end,
                                            bool allCores);

}  // namespace restyle
