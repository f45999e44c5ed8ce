#include "style/LearnKeyframeStyle.h"

#include "common/Error.h"
#include "style/StyleWeightCache.h"

namespace restyle {

StyleLearnSettings StyleLearnSettings::fromJson(const nlohmann::json& j) {
    StyleLearnSettings s;
    try {
        s.train.seconds = j.value("style_train_seconds", 0.0);
        s.train.maxSteps = j.value("style_train_steps", 0);
        s.net.channels = j.value("style_channels", s.net.channels);
        s.train.patches.jitter = j.value("style_jitter", s.train.patches.jitter);
        s.train.patches.size = j.value("style_patch", s.train.patches.size);
        s.train.patches.batch = j.value("style_batch", s.train.patches.batch);
        s.train.learningRate = j.value("style_learning_rate", s.train.learningRate);
        s.train.gradientWeight = j.value("style_gradient_weight", s.train.gradientWeight);
        s.useCache = j.value("style_cache", true);
        s.cacheDir = j.value("style_cache_dir", s.cacheDir);
        s.device = j.value("device", s.device);
        s.train.seed = j.value("seed", uint64_t(0));
    } catch (const nlohmann::json::exception& e) {
        throw InputError(std::string("style network settings: ") + e.what());
    }
    if (s.train.seconds < 0 || s.train.seconds > 86400)
        throw InputError("--style-train-seconds must be 0 (the default) to 86400");
    if (s.train.maxSteps < 0) throw InputError("style training steps must not be negative");
    return s;
}

ProgressCallback trainingProgress(const ProgressCallback& progress) {
    if (!progress) return {};
    return [progress](const Progress& p) {
        Progress q = p;
        q.phase = "training";
        progress(q);
    };
}

std::shared_ptr<KeyframeStyleNet> learnKeyframeStyle(const std::vector<StylePair>& pairs,
                                                     const StyleLearnSettings& s,
                                                     const ProgressCallback& progress,
                                                     std::stop_token stop, StyleLearnLog* log) {
    if (pairs.empty()) throw InputError("style training: no keyframe to learn from");
    auto net = std::make_shared<KeyframeStyleNet>(s.net, s.device, s.train.seed);
    StyleTrainer trainer(net, s.train);
    StyleWeightCache cache(s.cacheDir.empty() ? StyleWeightCache::defaultDir() : s.cacheDir);
    // The cache key covers what changes the result; the device does not enter it (the same
    // weights serve CPU and CUDA), the default budget does (it differs by device).
    StyleTrainSettings keyed = s.train;
    if (keyed.seconds == 0) keyed.seconds = StyleTrainSettings::defaultSeconds(net->onCuda());
    const std::string settingsText = keyed.text() + " channels=" + std::to_string(s.net.channels);
    std::vector<std::pair<cv::Mat, cv::Mat>> seen;
    const double n = double(pairs.size());
    int64_t stepsBefore = 0, lastStep = -1;  // steps of the keyframes trained before this one
    double lastLoss = -1;
    for (size_t i = 0; i < pairs.size(); ++i) {
        throwIfStopped(stop);
        trainer.addPair(pairs[i].source, pairs[i].edited);
        seen.emplace_back(pairs[i].source, pairs[i].edited);
        const std::string key = StyleWeightCache::key(seen, settingsText);
        TrainingReport report;
        if (s.useCache && cache.get(key, *net)) {
            report.fromCache = true;
        } else {
            auto phase = [&](const Progress& p) {
                if (!progress) return;
                Progress all = p;
                all.done = int64_t(1000 * (double(i) + p.percent() / 100) / n);
                all.total = 1000;
                if (p.secondsLeft >= 0)
                    all.secondsLeft = p.secondsLeft + keyed.seconds * (n - 1 - double(i));
                all.loss = lastLoss;
                all.step = lastStep;
                progress(all);
            };
            report = trainer.train(phase, stop, [&](int step, double loss) {
                if (log) log->loss.emplace_back(step, loss);
                lastStep = stepsBefore + step;
                lastLoss = loss;
            });
            stepsBefore = lastStep + 1;
            if (s.useCache) cache.put(key, *net);
        }
        if (log) log->phases.push_back(report);
        if (progress) {
            Progress done;
            done.done = int64_t(1000 * double(i + 1) / n);
            done.total = 1000;
            progress(done);
        }
    }
    return net;
}

}  // namespace restyle
