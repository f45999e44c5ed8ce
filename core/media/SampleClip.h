#pragma once
// A generated sample clip with known motion: a textured landscape panned and slowly zoomed
// by a virtual camera, with a striped ball rolling in front of it (occlusions, revealed
// background). Used by `restyle-cli demo`, the benchmarks and the tests.
#include <opencv2/core.hpp>
#include <string>

namespace restyle {

struct SampleClipOptions {
    int width = 640;
    int height = 360;
    int frames = 90;
    int fps = 30;
    unsigned seed = 7;
};

class SampleScene {
  public:
    explicit SampleScene(const SampleClipOptions& options);
    // Frame `index` of the scene, BGR 8-bit.
    cv::Mat frame(int index) const;

  private:
    SampleClipOptions options_;
    cv::Mat background_;  // larger than a frame: the camera pans over it
};

// Writes the sample clip as H.264 MP4 to `path`.
void writeSampleClip(const std::string& path, const SampleClipOptions& options = {});

}  // namespace restyle
