#include "flow/FlowPair.h"

#include <future>

#include "flow/FlowImage.h"

namespace restyle {

FlowPairEngine::FlowPairEngine(const std::string& method, const std::string& device,
                               bool concurrent)
    : primary_(createFlowEngine(method, device)) {
    if (concurrent && !primary_->holdsWeights()) secondary_ = createFlowEngine(method, device);
}

FlowPairEngine::~FlowPairEngine() = default;

FlowPairResult FlowPairEngine::compute(const cv::Mat& a, const cv::Mat& b,
                                       const cv::Mat& initForward, const cv::Mat& initBackward) {
    FlowPairResult r;
    if (!secondary_) {
        r.forward = primary_->compute(a, b, initForward);
        r.backward = primary_->compute(b, a, initBackward);
        return r;
    }
    auto back =
        std::async(std::launch::async, [&] { return secondary_->compute(b, a, initBackward); });
    try {
        r.forward = primary_->compute(a, b, initForward);
    } catch (...) {
        back.wait();
        throw;
    }
    r.backward = back.get();
    return r;
}

}  // namespace restyle
