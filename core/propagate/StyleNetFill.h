#pragma once
// The warp engine's fill from the few-shot style network: new content (revealed background,
// people walking in) drawn in the keyframes' learned look. The network runs only over the
// new-content regions plus a context margin, so the fill costs in proportion to what is new.
#include <memory>
#include <nlohmann/json.hpp>
#include <stop_token>
#include <vector>

#include "common/Progress.h"
#include "propagate/Keyframe.h"
#include "propagate/NewContentFill.h"

namespace restyle {

class KeyframeStyleNet;

class StyleNetFill : public NewContentFill {
  public:
    struct Settings {
        int feather = 4;   // px: the fill blends into the draft over this margin
        int context = 16;  // px of source around each region the network sees
    };
    StyleNetFill(std::shared_ptr<const KeyframeStyleNet> net, Settings settings);
    explicit StyleNetFill(std::shared_ptr<const KeyframeStyleNet> net)
        : StyleNetFill(std::move(net), Settings{}) {}

    cv::Mat fill(const cv::Mat& source, const cv::Mat& draft, const cv::Mat& newContent) override;

    // Pixels the network ran on in the last fill() (for measurements).
    int64_t lastInferencePixels() const { return lastPixels_; }

  private:
    std::shared_ptr<const KeyframeStyleNet> net_;
    Settings settings_;
    int64_t lastPixels_ = 0;
};

// The training phase of the warp engine with this fill: the network learned from every
// keyframe (or loaded from the weight cache), `engineSettings` as StyleLearnSettings::fromJson
// reads them. Progress is phase "training".
std::shared_ptr<StyleNetFill> learnStyleNetFill(const std::vector<ResolvedKeyframe>& keys,
                                                const nlohmann::json& engineSettings,
                                                const ProgressCallback& progress,
                                                std::stop_token stop);

}  // namespace restyle
