#pragma once
// The weight-free NewContentFill (see NewContentFill.h): new content in the keyframe's look
// without a model.
#include <optional>

#include "propagate/ColorMapping.h"
#include "propagate/NewContentFill.h"

namespace restyle {

class KeyframeLookFill : public KeyframeAwareFill {
  public:
    explicit KeyframeLookFill(double featherSigma) : featherSigma_(featherSigma) {}
    void useKeyframe(const ResolvedKeyframe& key) override;
    cv::Mat fill(const cv::Mat& source, const cv::Mat& draft, const cv::Mat& newContent) override;

  private:
    // The editor re-applied on the blocks that cover `grown`, pasted into `out` there.
    void applyEditorAround(const cv::Mat& source, const cv::Mat& grown, cv::Mat& out) const;

    double featherSigma_;
    const ResolvedKeyframe* key_ = nullptr;
    std::optional<ColorMapping> mapping_;  // for a painted keyframe
    int64_t mappedFrame_ = -1;
};

}  // namespace restyle
