#include "flow/DeepFlowEngine.h"

#include <opencv2/optflow.hpp>

#include "flow/FlowImage.h"

namespace restyle {

DeepFlowEngine::DeepFlowEngine() : deep_(cv::optflow::createOptFlow_DeepFlow()) {}

cv::Mat DeepFlowEngine::compute(const cv::Mat& from, const cv::Mat& to, const cv::Mat&) {
    cv::Mat flow;
    deep_->calc(toGray(from), toGray(to), flow);
    return flow;
}

}  // namespace restyle
