#pragma once
// The main job: a clip and its edited keyframe(s) in, the restyled clip out. Decode, flow
// and engine, and encode run concurrently on bounded queues; frames pass through once, so
// memory does not grow with the clip's length.
#include <functional>
#include <nlohmann/json.hpp>
#include <stop_token>
#include <string>
#include <vector>

#include "common/Progress.h"
#include "flow/FlowTracker.h"
#include "media/VideoInfo.h"
#include "propagate/FrameMetrics.h"
#include "propagate/Keyframe.h"
#include "propagate/NewContentFill.h"

namespace restyle {

struct PropagationSettings {
    std::string engine = "warp";
    nlohmann::json engineSettings = nlohmann::json::object();
    FlowSettings flow;
    int maxSide = 0;                // processing (and output) size; 0 keeps the source size
    int64_t firstFrame = 0;         // --frames A-B
    int64_t lastFrame = -1;         // inclusive; -1: to the end
    double temporalStrength = 0.6;  // flicker removal, 0-1
    int crf = 18;
    int bitDepth = 8;  // of PNG sequence and FFV1 outputs: 8 or 16
    std::string preset = "veryfast";
    bool audio = true;
    std::string metricsCsv;  // write per-frame metrics here, if set
    // RunCarry files: where this run continues one that ended at firstFrame - 1, and where
    // it leaves what a run continuing it needs (farm segments of a diffusion job).
    std::string carryFrom, carryTo;
    unsigned seed = 0;
    std::string device = "auto";
    // The warp engine's fill for new content; null uses createDefaultFill().
    std::shared_ptr<NewContentFill> fill;
};

struct PropagationResult {
    int64_t frames = 0;  // written
    int64_t leadIn = 0;  // processed before the range, from a keyframe before it (not written)
    double meanWarpError = 0.0;
    double meanReliableShare = 0.0;
    double seconds = 0.0;
    double modelSeconds = 0.0;  // of which in model calls (diffusion)
    std::string audio;
    std::vector<std::string> warnings;
};

// The frames a run covers, [first, last]: the settings' range clipped to the clip.
// InputError naming the clip when it is empty or outside it.
struct RunRange {
    int64_t first = 0, last = 0;
};
RunRange runRange(const std::string& clip, const VideoInfo& info, const PropagationSettings& s);

// Called on the worker thread for each finished frame (for a live view).
using FrameCallback =
    std::function<void(int64_t index, const cv::Mat& output, const FrameMetrics& metrics)>;

// Keyframes: at least one; frame numbers in the clip's numbering, inside the range.
// Throws InputError (bad clip, keyframe, setting), CanceledError; leaves no output on either.
PropagationResult propagate(const std::string& clip, const std::string& output,
                            const std::vector<Keyframe>& keyframes,
                            const PropagationSettings& settings, const ProgressCallback& progress,
                            std::stop_token stop, const FrameCallback& onFrame = {});

}  // namespace restyle
