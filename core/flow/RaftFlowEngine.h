#pragma once
#include <memory>

#include "flow/FlowEngine.h"
#include "models/ModelManifest.h"

namespace restyle {

// RAFT (Teed and Deng 2020) or any flow network exported to TorchScript with a manifest of
// kind "flow": forward(image1, image2) with [1, 3, H, W] inputs normalised per the manifest,
// H and W padded to `input.multiple` (8 for RAFT); returns [1, 2, H, W] (or a list/tuple
// whose last element is that). A probe run at load refuses modules that break the contract.
class RaftFlowEngine : public FlowEngine {
  public:
    RaftFlowEngine(const ModelManifest& manifest, const std::string& device);
    ~RaftFlowEngine() override;
    std::string name() const override;
    cv::Mat compute(const cv::Mat& from, const cv::Mat& to, const cv::Mat& initial) override;
    bool holdsWeights() const override { return true; }

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace restyle
