#include "propagate/FewShotEngine.h"

#include <chrono>

#include "common/CpuBudget.h"
#include "common/Error.h"
#include "common/Profile.h"

namespace restyle {

FewShotEngine::Settings FewShotEngine::Settings::fromJson(const nlohmann::json& j) {
    Settings s;
    s.learn = StyleLearnSettings::fromJson(j);
    try {
        s.blend = j.value("fewshot_blend", s.blend);
    } catch (const nlohmann::json::exception& e) {
        throw InputError(std::string("fewshot engine: ") + e.what());
    }
    if (s.blend < 0 || s.blend > 1) throw InputError("fewshot engine: blend must be 0-1");
    return s;
}

namespace {
constexpr double kFeatherSigma = 2.0;  // how softly carried and fresh pixels meet
}

FewShotEngine::FewShotEngine(Settings settings)
    : settings_(std::move(settings)), steadier_(settings_.blend, kFeatherSigma, {}) {}

void FewShotEngine::train(const std::vector<const ResolvedKeyframe*>& keys,
                          const ProgressCallback& progress, std::stop_token stop) {
    // A shot's colour-mapped stand-in has no look to learn: the network the artist's
    // keyframes taught draws that shot too. Only with nothing else is it learned from.
    std::vector<const ResolvedKeyframe*> learnFrom;
    for (const auto* k : keys)
        if (k && k->isEdit) learnFrom.push_back(k);
    if (learnFrom.empty() && net_) return;
    if (learnFrom.empty())
        for (const auto* k : keys)
            if (k) learnFrom.push_back(k);
    std::vector<StylePair> pairs;
    for (const auto* k : learnFrom)
        pairs.push_back({k->source, k->edited});
    // Loss steps count over every training of the run (the plot goes on, not back to 0).
    ProgressCallback counted;
    if (progress)
        counted = [this, progress](const Progress& p) {
            Progress q = p;
            if (q.step >= 0) lastStep_ = q.step += stepsBefore_;
            progress(q);
        };
    net_ = learnKeyframeStyle(pairs, settings_.learn, counted, stop, &log_);
    stepsBefore_ = lastStep_ + 1;
    styler_.clear();  // drawn by the network before
    trainedOn_.clear();  // the network is these pairs' (learnKeyframeStyle)
    for (const auto* k : learnFrom)
        trainedOn_.insert(k->frame);
}

void FewShotEngine::prepare(const std::vector<ResolvedKeyframe>& keys,
                            const ProgressCallback& progress, std::stop_token stop) {
    std::vector<const ResolvedKeyframe*> all;
    for (const auto& k : keys)
        all.push_back(&k);
    runProgress_ = trainingProgress(progress);
    train(all, runProgress_, stop);
}

std::vector<EngineOutput> FewShotEngine::push(const FrameContext& f) {
    EngineOutput out;
    out.index = f.index;
    if (f.previousKey && f.previousKey->frame == f.index) {
        out.image = f.previousKey->edited.clone();
        steadier_.remember(out.image, f.source);
        return {out};
    }
    if (!f.previousKey && !f.nextKey) throw Error("fewshot engine: a frame with no keyframe");
    auto known = [&](const ResolvedKeyframe* k) {
        return !k || (net_ && !k->isEdit) || trainedOn_.count(k->frame) > 0;
    };
    if (!net_ || !known(f.previousKey) || !known(f.nextKey))
        train({f.previousKey, f.nextKey}, runProgress_, f.stop);
    if (f.shotStart) steadier_.clear(), styler_.clear();
    const auto t0 = std::chrono::steady_clock::now();
    cv::Mat styled;
    {
        ScopedTimer timer("engine.fewshot-net");
        styled = styler_.apply(*net_, f.source, cpuBudgetBesideABusyThread());
    }
    modelSeconds_ += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    const cv::Mat everything(styled.size(), CV_8U, cv::Scalar(255));
    out.image = steadier_.apply(styled, everything, f.source, f.flow.toPrevious,
                                f.flow.previousUnreliable);
    out.reliableShare = 1.0;
    steadier_.remember(out.image, f.source);
    return {out};
}

}  // namespace restyle
