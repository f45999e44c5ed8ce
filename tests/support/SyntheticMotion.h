#pragma once
// Frames with known motion and their true flow: a textured plane seen through a camera
// that moves by affine transforms (translation, rotation, zoom), optionally with an occluder.
#include <opencv2/core.hpp>
#include <vector>

namespace restyle::test {

// Noise at several scales, shapes and edges: texture that flow can lock onto.
cv::Mat makeTexture(cv::Size size, unsigned seed = 1);

class AffineSequence {
  public:
    // Frame t shows the texture through the 2x3 affine `cameras[t]` (texture -> frame).
    AffineSequence(cv::Mat texture, cv::Size frameSize, std::vector<cv::Matx23d> cameras);
    // Per-frame motion: each step translates by (dx, dy), rotates by `degrees` and scales by
    // `zoom` about the frame centre.
    static AffineSequence steady(const cv::Mat& texture, cv::Size frameSize, int frames, double dx,
                                 double dy, double degrees = 0, double zoom = 1.0);

    int size() const { return int(cameras_.size()); }
    cv::Mat frame(int t) const;
    // True flow from frame a to frame b (pixel x of a is at x + f(x) in b).
    cv::Mat trueFlow(int a, int b) const;

  private:
    cv::Mat texture_;
    cv::Size frameSize_;
    std::vector<cv::Matx23d> cameras_;
};

// Mean end-point error over the interior (a `margin` share of each side left out), and
// optionally only where `mask` is 0.
double endPointError(const cv::Mat& flow, const cv::Mat& truth, double margin = 0.1,
                     const cv::Mat& excludeMask = cv::Mat());

double maskIoU(const cv::Mat& a, const cv::Mat& b);

// 255 where the flow points outside the frame (the pixel has no correspondence there).
cv::Mat leavesFrame(const cv::Mat& flow, int margin = 2);

}  // namespace restyle::test
