#pragma once
// The flow overlay preview: what `restyle-cli flow` writes and the GUI shows on any frame.
#include <opencv2/core.hpp>
#include <stop_token>
#include <string>

#include "common/Progress.h"
#include "flow/FlowTracker.h"

namespace restyle {

enum class OverlayMode { Color, Arrows, Occlusion, Warp };
OverlayMode parseOverlayMode(const std::string& name);  // color, arrows, occlusion, warp
std::string overlayModeName(OverlayMode mode);

// One overlay picture for frame t. `warpedEdit` (Warp mode) is the anchor's edit already
// warped to t; unreliable pixels show the source with a tint.
cv::Mat renderOverlay(OverlayMode mode, const cv::Mat& frame, const AnchorFlow& flow,
                      const cv::Mat& warpedEdit, double opacity);

struct FlowPreviewOptions {
    OverlayMode overlay = OverlayMode::Color;
    std::string firstEdit;  // the edited first frame (Warp mode); the source frame 0 if empty
    FlowSettings flow;
    std::string floDir;  // write NNNNNN.flo = flow from frame 0 to frame N, if set
    int maxSide = 0;     // processing size
    double opacity = 0.7;
    bool useCache = false;
    std::string cacheDir;  // empty: FlowCache::defaultDir()
    int crf = 18;
    std::string preset = "veryfast";
};

struct FlowPreviewResult {
    int64_t frames = 0;
    double meanReliableShare = 0.0;
    int64_t cacheHits = 0;
};

FlowPreviewResult renderFlowPreview(const std::string& clip, const std::string& output,
                                    const FlowPreviewOptions& options,
                                    const ProgressCallback& progress, std::stop_token stop);

}  // namespace restyle
