#pragma once
#include <opencv2/video/tracking.hpp>

#include "flow/FlowEngine.h"

namespace restyle {

// OpenCV's Dense Inverse Search (Kroeger et al. 2016): fast, accepts an initial flow.
class DisFlowEngine : public FlowEngine {
  public:
    enum class Preset { UltraFast, Fast, Medium };
    explicit DisFlowEngine(Preset preset);
    std::string name() const override;
    cv::Mat compute(const cv::Mat& from, const cv::Mat& to, const cv::Mat& initial) override;
    bool refinesInitialFlow() const override { return true; }

  private:
    Preset preset_;
    cv::Ptr<cv::DISOpticalFlow> dis_;
};

}  // namespace restyle
