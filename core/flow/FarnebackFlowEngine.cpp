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
    // A wide window and 7-pixel polynomials: smaller ones lose motions over ~10 px.
    cv::calcOpticalFlowFarneback(toGray(from), toGray(to), flow, 0.5, 5, 31, 5, 7, 1.5, flags);
    return flow;
}

}  // namespace restyle
