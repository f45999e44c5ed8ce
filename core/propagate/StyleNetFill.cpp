#include "propagate/StyleNetFill.h"

#include <algorithm>
#include <opencv2/imgproc.hpp>

#include "common/CpuBudget.h"
#include "common/Error.h"
#include "common/JsonFields.h"
#include "common/Profile.h"
#include "propagate/Feather.h"
#include "style/KeyframeStyleNet.h"
#include "style/LearnKeyframeStyle.h"

namespace restyle {

namespace {

// Box sides are rounded up to multiples of this. LibTorch's oneDNN convolutions build a
// primitive for each new input shape (10-180 ms the first time, against 1-6 ms for a box
// afterwards), and new-content boxes came in a new shape nearly every frame: on vtest.avi
// two thirds of the fill's time went to shapes seen once. Rounded, they repeat. 16 against
// 32 px: 49k instead of 58k pixels a frame, and 53-56 instead of 67-72 ms (vtest.avi, 512 px,
// no context); at 8 px new shapes cost more again (59-63 ms).
constexpr int kShapeStep = 16;

// `box` grown about its centre to sides of multiples of kShapeStep, kept inside the frame.
cv::Rect roundedUp(const cv::Rect& box, cv::Size frame) {
    auto span = [](int start, int length, int limit) {
        const int rounded = std::min((length + kShapeStep - 1) / kShapeStep * kShapeStep, limit);
        return std::pair{std::clamp(start - (rounded - length) / 2, 0, limit - rounded), rounded};
    };
    const auto [x, w] = span(box.x, box.width, frame.width);
    const auto [y, h] = span(box.y, box.height, frame.height);
    return {x, y, w, h};
}

}  // namespace

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
    for (const cv::Rect& covering : coveringBoxes(support, settings_.context)) {
        const cv::Rect box = roundedUp(covering, source.size());
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
