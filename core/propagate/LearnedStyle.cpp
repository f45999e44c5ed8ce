#include "propagate/LearnedStyle.h"

#include "common/Error.h"
#include "media/VideoReader.h"
#include "propagate/KeyframeResolver.h"
#include "style/LearnKeyframeStyle.h"

namespace restyle {

nlohmann::json runEngineSettings(const PropagationSettings& s) {
    nlohmann::json settings = s.engineSettings.is_object() ? s.engineSettings
                                                           : nlohmann::json::object();
    if (!settings.contains("seed")) settings["seed"] = s.seed;
    if (!settings.contains("device")) settings["device"] = s.device;
    return settings;
}

bool learnsStyle(const PropagationSettings& s) {
    if (s.engine == "fewshot") return true;
    return s.engine == "warp" && s.engineSettings.is_object() &&
           s.engineSettings.value("fill", std::string()) == "style-net";
}

TriedStyle tryLearnedStyle(const std::string& clip, const std::vector<Keyframe>& keyframes,
                        const PropagationSettings& s, int64_t frame,
                        const ProgressCallback& progress, std::stop_token stop) {
    if (!learnsStyle(s))
        throw InputError("the learned style needs the fewshot engine or the style-net fill");
    VideoReader reader(clip, ReaderOptions{s.maxSide, 0});
    // The run's range, so the pairs (and the cached network) are the run's.
    const RunRange range = runRange(clip, reader.info(), s);
    std::vector<std::string> warnings;
    const auto keys =
        resolveKeyframes(clip, keyframes, s.maxSide, range.first, range.last, warnings);
    if (keys.empty()) throw InputError("the learned style needs a keyframe in the range");
    std::vector<StylePair> pairs;
    for (const auto& k : keys)
        pairs.push_back({k.source, k.edited});
    StyleLearnLog log;
    const auto net = learnKeyframeStyle(pairs, StyleLearnSettings::fromJson(runEngineSettings(s)),
                                        trainingProgress(progress), stop, &log);
    throwIfStopped(stop);
    TriedStyle tried;
    tried.image = net->apply(reader.frameAt(frame).image);
    tried.fromCache = !log.phases.empty();
    for (const TrainingReport& phase : log.phases) {
        tried.fromCache &= phase.fromCache;
        tried.steps += phase.steps;
        if (!phase.fromCache) tried.seconds += phase.seconds;
    }
    return tried;
}

}  // namespace restyle
