#pragma once
// Forward and backward flow between two frames, computed concurrently on two engines: on a
// 2-core machine two single-threaded DIS runs beat one run spread over both cores.
#include <memory>
#include <opencv2/core.hpp>
#include <string>

#include "flow/FlowEngine.h"

namespace restyle {

struct FlowPairResult {
    cv::Mat forward;   // a -> b
    cv::Mat backward;  // b -> a
};

class FlowPairEngine {
  public:
    // Two instances of `method`; one (run twice) for engines that hold weights.
    // `concurrent` false: one engine, forward then backward (a single core's worth).
    explicit FlowPairEngine(const std::string& method, const std::string& device = "auto",
                            bool concurrent = true);
    ~FlowPairEngine();

    FlowPairResult compute(const cv::Mat& a, const cv::Mat& b, const cv::Mat& initForward = {},
                           const cv::Mat& initBackward = {});
    FlowEngine& primary() { return *primary_; }

  private:
    std::unique_ptr<FlowEngine> primary_, secondary_;
};

}  // namespace restyle
