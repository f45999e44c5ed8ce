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
        // px: the fill blends into the draft over this margin. A wider margin lets the network
        // also draw the changed pixels next to new content the warp still trusts (vtest.avi,
        // 1500 steps, changed pixels: 2 px 19.34 dB, 4 px 19.49, 6 px 19.55, 8 px 19.59),
        // at the cost of 37k, 49k, 59k and 68k pixels a frame through the network.
        int feather = 4;
        // px of source around each region the network sees beyond its feather. None by
        // default: trained on 48 px patches, whose edges are all zero padding, the network
        // draws a region's edge about as well without context (vtest.avi, 1500 steps: 19.49 dB
        // on changed pixels with 0, 4, 8, 16 or 32 px), and 16 px made 70k of a frame's 87k
        // pixels through the network.
        int context = 0;

        // "style_fill_feather", "style_fill_context" (px, 0-64) of engine settings.
        static Settings fromJson(const nlohmann::json& engineSettings);
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
