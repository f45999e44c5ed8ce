#pragma once
#include "flow/FlowEngine.h"

namespace restyle {

// Farneback's polynomial-expansion flow (OpenCV): dense, smooth, accepts an initial flow.
class FarnebackFlowEngine : public FlowEngine {
  public:
    std::string name() const override { return "farneback"; }
    cv::Mat compute(const cv::Mat& from, const cv::Mat& to, const cv::Mat& initial) override;
    bool refinesInitialFlow() const override { return true; }
};

}  // namespace restyle
