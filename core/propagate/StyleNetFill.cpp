#include "propagate/StyleNetFill.h"

#include <opencv2/imgproc.hpp>

#include "common/CpuBudget.h"
#include "common/Error.h"
#include "common/JsonFields.h"
#include "common/Profile.h"
#include "propagate/Feather.h"
#include "propagate/NetworkBox.h"
#include "style/KeyframeStyleNet.h"
#include "style/LearnKeyframeStyle.h"

namespace restyle {

StyleNetFill::Settings StyleNetFill::Settings::fromJson(const nlohmann::json& engineSettings) {
    const JsonFields f(engineSettings.is_object() ? engineSettings : nlohmann::json::object(),
                       "style-net fill", "engine.settings.");
    Settings s;
    s.feather = int(f.integer("style_fill_feather", s.feather, 0, 64));
    s.context = int(f.integer("style_fill_context", s.context, 0, 64));
    return s;
}

StyleNetFill::StyleNetFill(std::shared_ptr<const KeyframeStyleNet> net, Settings settings)
    : net_(std::move(net)), settings_(settings) {
    if (!net_) throw Error("style-net fill: no network");
    if (settings_.feather < 0 || settings_.context < 0)
        throw InputError("style-net fill: feather and context must not be negative");
}

cv::Mat StyleNetFill::fill(const cv::Mat& source, const cv::Mat& draft, const cv::Mat& newContent) {
    CV_Assert(source.type() == CV_8UC3 && draft.type() == CV_8UC3 && newContent.type() == CV_8UC1 &&
              source.size() == draft.size() && source.size() == newContent.size());
    lastPixels_ = 0;
    cv::Mat out = draft.clone();
    if (cv::countNonZero(newContent) == 0) return out;
    ScopedTimer timer("fill.style-net");
    // Weight of the network's pixel: 1 on new content, falling to 0 over the feather margin.
    cv::Mat weight;
    newContent.convertTo(weight, CV_32F, 1.0 / 255);
    if (settings_.feather > 0) {
        const int f = settings_.feather;
        cv::Mat grown;
        cv::dilate(weight, grown,
                   cv::getStructuringElement(cv::MORPH_ELLIPSE, cv::Size(2 * f + 1, 2 * f + 1)));
        cv::GaussianBlur(grown, grown, cv::Size(2 * f + 1, 2 * f + 1), f / 2.0);
        weight = cv::max(weight, grown);
    }
    const cv::Mat support = weight > 0;
    for (const cv::Rect& box : networkBoxes(support, settings_.context)) {
        const cv::Mat styled = net_->apply(source(box), cpuBudgetBesideABusyThread());
        lastPixels_ += box.area();
        const cv::Mat mixed = mixByWeight(styled, draft(box), weight(box));
        mixed.copyTo(out(box), support(box));  // outside the support: the draft, untouched
    }
    return out;
}

std::shared_ptr<StyleNetFill> learnStyleNetFill(const std::vector<ResolvedKeyframe>& keys,
                                                const nlohmann::json& engineSettings,
                                                const ProgressCallback& progress,
                                                std::stop_token stop) {
    std::vector<StylePair> pairs;
    for (const auto& k : keys)
        pairs.push_back({k.source, k.edited});
    const StyleNetFill::Settings fillSettings = StyleNetFill::Settings::fromJson(engineSettings);
    return std::make_shared<StyleNetFill>(
        learnKeyframeStyle(pairs, StyleLearnSettings::fromJson(engineSettings),
                           trainingProgress(progress), stop),
        fillSettings);
}

}  // namespace restyle
