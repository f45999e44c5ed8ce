#include "propagate/FewShotEngine.h"

#include <chrono>
#include <opencv2/imgproc.hpp>

#include "common/Error.h"
#include "common/Profile.h"
#include "flow/Warp.h"

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

FewShotEngine::FewShotEngine(Settings settings) : settings_(std::move(settings)) {}

void FewShotEngine::train(const std::vector<const ResolvedKeyframe*>& keys,
                          const ProgressCallback& progress, std::stop_token stop) {
    std::vector<StylePair> pairs;
    for (const auto* k : keys)
        if (k) pairs.push_back({k->source, k->edited});
    net_ = learnKeyframeStyle(pairs, settings_.learn, progress, stop, &log_);
    trainedOn_.clear();
    for (const auto* k : keys)
        if (k) trainedOn_.insert(k->frame);
}

void FewShotEngine::prepare(const std::vector<ResolvedKeyframe>& keys,
                            const ProgressCallback& progress, std::stop_token stop) {
    std::vector<const ResolvedKeyframe*> all;
    for (const auto& k : keys)
        all.push_back(&k);
    train(all, trainingProgress(progress), stop);
}

std::vector<EngineOutput> FewShotEngine::push(const FrameContext& f) {
    EngineOutput out;
    out.index = f.index;
    if (f.previousKey && f.previousKey->frame == f.index) {
        out.image = f.previousKey->edited.clone();
        previousOutput_ = out.image;
        return {out};
    }
    if (!f.previousKey && !f.nextKey) throw Error("fewshot engine: a frame with no keyframe");
    const bool knowsPrevious = !f.previousKey || trainedOn_.count(f.previousKey->frame);
    const bool knowsNext = !f.nextKey || trainedOn_.count(f.nextKey->frame);
    if (!net_ || !knowsPrevious || !knowsNext) train({f.previousKey, f.nextKey}, {}, f.stop);
    const auto t0 = std::chrono::steady_clock::now();
    cv::Mat styled;
    {
        ScopedTimer timer("engine.fewshot-net");
        styled = net_->apply(f.source);
    }
    modelSeconds_ += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    out.image = styled;
    if (settings_.blend > 0 && !previousOutput_.empty() && !f.flow.toPrevious.empty()) {
        // Carry the previous output where the step flow is reliable; feather that mask so the
        // network's pixels and the carried ones meet without a seam.
        const cv::Mat carried = warpImage(previousOutput_, f.flow.toPrevious);
        cv::Mat w;
        cv::Mat reliable = f.flow.previousUnreliable.empty()
                               ? cv::Mat(styled.size(), CV_8U, cv::Scalar(255))
                               : cv::Mat(f.flow.previousUnreliable == 0);
        reliable.convertTo(w, CV_32F, settings_.blend / 255.0);
        cv::GaussianBlur(w, w, cv::Size(0, 0), 2.0);
        cv::Mat a, b, w3;
        styled.convertTo(a, CV_32FC3);
        carried.convertTo(b, CV_32FC3);
        cv::merge(std::vector<cv::Mat>(3, w), w3);
        cv::Mat(a + (b - a).mul(w3)).convertTo(out.image, CV_8UC3);
    }
    out.reliableShare = 1.0;
    previousOutput_ = out.image;
    return {out};
}

}  // namespace restyle
