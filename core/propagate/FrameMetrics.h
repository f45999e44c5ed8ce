#pragma once
// Per-frame quality and speed figures of a propagation, and their CSV file.
#include <cstdint>
#include <opencv2/core.hpp>
#include <string>

#include "common/AtomicFile.h"

namespace restyle {

struct FrameMetrics {
    int64_t frame = 0;
    // Temporal warping error (Lai et al. 2018): mean squared difference, values in [0, 1],
    // between the output and the previous output warped to it, over pixels the flow
    // check trusts. Lower is steadier.
    double warpError = 0.0;
    double reliableShare = 1.0;  // pixels explained by the keyframe(s)
    double ms = 0.0;             // engine time for this frame
};

// Lai et al.'s E_warp for one frame pair. `mask`: 255 where unreliable (excluded).
double warpingError(const cv::Mat& current, const cv::Mat& previousWarped, const cv::Mat& mask);

// Writes "frame,warp_error,reliable_share,ms" rows through an AtomicFile: the CSV appears
// whole on close(), or not at all (error, cancel, full disk).
class MetricsCsv {
  public:
    explicit MetricsCsv(const std::string& path);
    void add(const FrameMetrics& m);
    void flush();  // durable on disk (fails on a full disk); close() then only renames
    void close();

  private:
    AtomicFile file_;
};

}  // namespace restyle
