#pragma once
// Shot boundaries found while decoding: hard cuts (a frame unlike the one before it, in both
// its colour histogram and its layout) and fades from and to black (the first frame that
// turns black, and the first that leaves black, start shots). Frames are fed in order, one
// at a time; the detector keeps two small thumbnails and a few recent differences, nothing
// of the clip.
#include <deque>
#include <opencv2/core.hpp>
#include <string>
#include <vector>

namespace restyle {

struct ShotSettings {
    double histogram = 0.10;  // L1 distance (0-1) of 8x8x8 colour histograms, at least
    double layout = 0.10;     // mean absolute difference (0-1) of grey thumbnails, at least
    double jump = 3.0;        // and this many times the recent typical difference
    double black = 12.0;      // a frame darker than this (mean grey level) is black
};

class ShotDetector {
  public:
    explicit ShotDetector(ShotSettings settings = {}) : settings_(settings) {}
    // The next frame (BGR 8-bit, any size); true when it starts a new shot. The first frame
    // starts the first shot but is not reported (nor listed in cuts()).
    bool push(const cv::Mat& bgr, int64_t index);
    // Frames that started a shot so far, in order.
    const std::vector<int64_t>& cuts() const { return cuts_; }

  private:
    ShotSettings settings_;
    cv::Mat previousThumb_, previousHist_;
    bool previousBlack_ = false;
    std::deque<double> recent_;  // recent layout differences
    std::vector<int64_t> cuts_;
};

// Every shot start of a clip (decoding it once, at a small size).
std::vector<int64_t> detectCuts(const std::string& clip, ShotSettings settings = {});

}  // namespace restyle
