#pragma once
// Optical flow strategies behind one interface, chosen by name (see flowMethods()).
//
// A flow field is a cv::Mat of CV_32FC2 holding (dx, dy) per pixel. The flow from image A
// to image B maps each pixel x of A to where it is in B: B(x + f(x)) ~ A(x).
#include <memory>
#include <opencv2/core.hpp>
#include <string>
#include <vector>

namespace restyle {

class FlowEngine {
  public:
    virtual ~FlowEngine() = default;
    virtual std::string name() const = 0;
    // Flow from `from` to `to` (BGR 8-bit, same size). `initial`, when given and supported,
    // is a starting estimate that the engine refines.
    virtual cv::Mat compute(const cv::Mat& from, const cv::Mat& to,
                            const cv::Mat& initial = cv::Mat()) = 0;
    virtual bool refinesInitialFlow() const { return false; }
    // Model-backed engines hold weights: a second instance for concurrent pairs would only
    // duplicate them.
    virtual bool holdsWeights() const { return false; }
};

// Names accepted by createFlowEngine: dis-ultrafast, dis-fast, dis-medium, farneback,
// deepflow, raft:MANIFEST. Throws InputError for an unknown name or an unusable model.
std::unique_ptr<FlowEngine> createFlowEngine(const std::string& method,
                                             const std::string& device = "auto");
std::vector<std::string> flowMethods();  // the built-in names

}  // namespace restyle
