#include "flow/FarnebackFlowEngine.h"

#include <opencv2/video/tracking.hpp>

#include "flow/FlowImage.h"

namespace restyle {

cv::Mat FarnebackFlowEngine::compute(const cv::Mat& from, const cv::Mat& to,
                                     const cv::Mat& initial) {
    cv::Mat flow;
    int flags = cv::OPTFLOW_FARNEBACK_GAUSSIAN;
    if (!initial.empty() && initial.size() == from.size() && initial.type() == CV_32FC2) {
        flow = initial.clone();
        flags |= cv::OPTFLOW_USE_INITIAL_FLOW;
    }
    // 5 levels reach ~32x the finest window: large motions at 512 px.
    cv::calcOpticalFlowFarneback(toGray(from), toGray(to), flow, 0.5, 5, 21, 4, 7, 1.5, flags);
    return flow;
}

}  // namespace restyle
