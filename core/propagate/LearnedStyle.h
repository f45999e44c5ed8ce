#pragma once
// "Try on this frame" for a learned style: the few-shot style network a run learns from its
// keyframes (Texler et al. 2020), applied to any one frame. It is the same network as the
// run's (same pairs, same settings: the weight cache serves both), so the artist sees before
// propagating how content the keyframes never showed will look.
#include <nlohmann/json.hpp>
#include <opencv2/core.hpp>
#include <stop_token>
#include <string>
#include <vector>

#include "common/Progress.h"
#include "propagate/Keyframe.h"
#include "propagate/Pipeline.h"

namespace restyle {

// The engine settings a run uses: the job's, with the run's seed and device unless they
// name their own.
nlohmann::json runEngineSettings(const PropagationSettings& s);

// Whether a run with these settings learns a style network: the fewshot engine, or the warp
// engine with the style-net fill.
bool learnsStyle(const PropagationSettings& s);

struct TriedStyle {
    cv::Mat image;
    bool fromCache = false;  // the network was learnt before (by a run or a try)
    int steps = 0;           // training steps taken now (none when cached)
    double seconds = 0;      // training time spent now
};

// Frame `frame` of `clip` (at the run's size) drawn by the network learned from the
// keyframes in the run's range; trains first (progress phase "training") unless the cache
// has it. InputError where the settings learn no style or the keyframes are unusable;
// CanceledError on stop.
TriedStyle tryLearnedStyle(const std::string& clip, const std::vector<Keyframe>& keyframes,
                        const PropagationSettings& s, int64_t frame,
                        const ProgressCallback& progress = {}, std::stop_token stop = {});

}  // namespace restyle
