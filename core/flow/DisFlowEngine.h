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
    // OpenCV's DIS carries something from a call given an initial flow into the next call
    // given none (measured: up to 0.19 px apart from a fresh instance). One instance per kind
    // of call keeps every flow a function of its inputs alone, so a job split at keyframes
    // (core/farm) computes what the whole run does.
    cv::Ptr<cv::DISOpticalFlow> dis_, disRefine_;
};

}  // namespace restyle
