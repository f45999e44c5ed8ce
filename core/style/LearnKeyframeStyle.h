#pragma once
// The training phase of a job: one few-shot style network learned from the keyframe pairs,
// one training budget per keyframe, each phase resuming from the last; every phase's result
// is cached by content (StyleWeightCache), so a re-run loads instead of training.
#include <memory>
#include <nlohmann/json.hpp>
#include <opencv2/core.hpp>
#include <stop_token>
#include <string>
#include <vector>

#include "common/Progress.h"
#include "style/KeyframeStyleNet.h"
#include "style/StyleTrainer.h"

namespace restyle {

struct StylePair {
    cv::Mat source;  // BGR 8-bit
    cv::Mat edited;  // its edit, the same size
};

struct StyleLearnSettings {
    StyleNetConfig net;
    StyleTrainSettings train;
    std::string device = "auto";
    bool useCache = true;
    std::string cacheDir;  // empty: StyleWeightCache::defaultDir()

    // From engine settings: "style_train_seconds", "style_train_steps", "style_channels",
    // "style_jitter", "style_patch", "style_batch", "style_learning_rate",
    // "style_gradient_weight", "style_cache" (bool), "style_cache_dir", "device", "seed".
    // InputError on bad values.
    static StyleLearnSettings fromJson(const nlohmann::json& j);
};

struct StyleLearnLog {
    std::vector<TrainingReport> phases;        // one per keyframe
    std::vector<std::pair<int, double>> loss;  // (step, loss) over all phases
};

// `progress` with phase "training" (for a job's first progress phase).
ProgressCallback trainingProgress(const ProgressCallback& progress);

// Progress runs over all phases (done/total in thousandths of the whole).
std::shared_ptr<KeyframeStyleNet> learnKeyframeStyle(const std::vector<StylePair>& pairs,
                                                     const StyleLearnSettings& settings,
                                                     const ProgressCallback& progress = {},
                                                     std::stop_token stop = {},
                                                     StyleLearnLog* log = nullptr);

}  // namespace restyle
