#pragma once
// Per-frame quality and speed figures of a propagation, and their CSV file.
#include <cstdint>
#include <fstream>
#include <opencv2/core.hpp>
#include <string>

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

// Writes "frame,warp_error,reliable_share,ms" rows; temp file + rename on close().
class MetricsCsv {
  public:
    explicit MetricsCsv(const std::string& path);
    ~MetricsCsv();
    void add(const FrameMetrics& m);
    void close();

  private:
    std::string path_, tmp_;
    std::ofstream out_;
    bool closed_ = false;
};

}  // namespace restyle
