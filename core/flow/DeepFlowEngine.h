#pragma once
#include <opencv2/video/tracking.hpp>

#include "flow/FlowEngine.h"

namespace restyle {

// DeepFlow (Weinzaepfel et al. 2013, OpenCV contrib optflow): slow, accurate variational flow.
class DeepFlowEngine : public FlowEngine {
  public:
    DeepFlowEngine();
    std::string name() const override { return "deepflow"; }
    cv::Mat compute(const cv::Mat& from, const cv::Mat& to, const cv::Mat& initial) override;

  private:
    cv::Ptr<cv::DenseOpticalFlow> deep_;
};

}  // namespace restyle
