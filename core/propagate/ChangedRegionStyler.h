#pragma once
// The style network's output for each frame of a shot, drawn afresh only around the pixels
// whose source changed since the kept output there was drawn; elsewhere the kept output
// stands. A still camera's background is drawn once a shot, walking people every frame; a
// moving camera changes most pixels, and then the whole frame is drawn as before.
#include <opencv2/core.hpp>

namespace restyle {

class KeyframeStyleNet;

class ChangedRegionStyler {
  public:
    struct Settings {
        int threshold = 10;       // levels (any channel, after a 3x3 blur) that make a change
        int reach = 16;           // px around a change whose output is drawn afresh
        double wholeAbove = 0.6;  // share of the frame in boxes above which all is drawn
    };
    ChangedRegionStyler() = default;
    explicit ChangedRegionStyler(Settings settings) : settings_(settings) {}

    // `net`'s output for `source` (BGR 8-bit), `threads` as KeyframeStyleNet::apply.
    cv::Mat apply(const KeyframeStyleNet& net, const cv::Mat& source, int threads);
    // Forget the kept output: a new shot, or another network.
    void clear();
    // Share of the last frame that went through the network (for measurements).
    double lastShare() const { return lastShare_; }

  private:
    cv::Mat whole(const KeyframeStyleNet& net, const cv::Mat& source, int threads);

    Settings settings_;
    cv::Mat keptSource_, keptStyled_;  // per pixel: the source the kept output was drawn from
    double lastShare_ = 0;
};

}  // namespace restyle
