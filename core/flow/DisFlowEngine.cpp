#include "flow/DisFlowEngine.h"

#include <opencv2/imgproc.hpp>

#include "flow/FlowImage.h"

namespace restyle {

DisFlowEngine::DisFlowEngine(Preset preset) : preset_(preset) {
    const int p = preset == Preset::UltraFast ? cv::DISOpticalFlow::PRESET_ULTRAFAST
                  : preset == Preset::Fast    ? cv::DISOpticalFlow::PRESET_FAST
                                              : cv::DISOpticalFlow::PRESET_MEDIUM;
    dis_ = cv::DISOpticalFlow::create(p);
    disRefine_ = cv::DISOpticalFlow::create(p);
}

std::string DisFlowEngine::name() const {
    switch (preset_) {
        case Preset::UltraFast:
            return "dis-ultrafast";
        case Preset::Fast:
            return "dis-fast";
        default:
            return "dis-medium";
    }
}

cv::Mat DisFlowEngine::compute(const cv::Mat& from, const cv::Mat& to, const cv::Mat& initial) {
    // DIS refines the flow it is given when that flow has the frame's size and type.
    cv::Mat flow;
    const bool refine =
        !initial.empty() && initial.size() == from.size() && initial.type() == CV_32FC2;
    if (refine) flow = initial.clone();
    (refine ? disRefine_ : dis_)->calc(toGray(from), toGray(to), flow);
    return flow;
}

}  // namespace restyle
