#pragma once
// Test cases with a known truth built from real clips, and the figures `restyle-cli bench
// quality` prints and the tests assert:
//  - a stroke painted on a static surface: its presence where visible, and red outside it;
//  - a deterministic per-frame stylisation as the truth for content the keyframe never saw
//    (static camera, people walking);
//  - flicker against that per-frame stylisation, both encoded alike;
//  - a known pan/zoom of a real frame: exact motion, so the warped keyframe edit is the truth.
#include <opencv2/core.hpp>
#include <stop_token>
#include <string>

#include "propagate/Pipeline.h"

namespace restyle {

// The first `frames` frames of `clip` at `maxSide`, re-encoded near-losslessly to `out`.
void writeExcerpt(const std::string& clip, const std::string& out, int maxSide, int frames);

// A clip of `frames` frames (width x height) looking at frame 0 of `clip` through a camera
// that pans and zooms by known amounts (`handheld`: a smooth shake instead of a steady pan).
// The camera's map for frame t: still pixel = zoom(t) * x + offset(t).
struct CameraPath {
    bool handheld = false;
    cv::Matx23d at(int t) const;  // output pixel -> still pixel
};
void writeCameraClip(const std::string& clip, const std::string& out, cv::Size size, int frames,
                     const CameraPath& path);

struct StrokeFigures {
    double minPresence = 1.0;  // worst frame: share of the visible stroke still painted
    double maxLeak = 0.0;      // worst frame: share of the frame painted red outside the stroke
};
// Paints `box` (at the processing size) red on frame 0 and propagates with no editor.
StrokeFigures measureStroke(const std::string& clip, const cv::Rect& box,
                            const PropagationSettings& settings, const std::string& tmpDir,
                            std::stop_token stop = {});

struct TruthFigures {
    double psnrAll = 0;        // mean over frames, all pixels
    double psnrChanged = 0;    // mean over frames, pixels whose content changed since frame 0
    double frozenChanged = 0;  // the keyframe left frozen, same pixels (a floor)
};
// `editor` applied to every frame is the truth; frame 0's edit is the keyframe, given as the
// editor (`painted` false: re-applied for new content) or as a painted image (`painted`).
TruthFigures measureAgainstPerFrame(const std::string& clip, const std::string& editor,
                                    bool painted, const PropagationSettings& settings,
                                    const std::string& tmpDir, std::stop_token stop = {});

struct FlickerFigures {
    double propagated = 0, perFrame = 0;  // Lai et al.'s warping error, both at CRF 18
    double ratio() const { return perFrame > 0 ? propagated / perFrame : 0; }
};
FlickerFigures measureFlicker(const std::string& clip, const std::string& editor,
                              const PropagationSettings& settings, const std::string& tmpDir,
                              std::stop_token stop = {});

struct PanZoomFigures {
    double meanPsnr = 0, worstPsnr = 0;  // against the exactly warped keyframe edit, lossless
};
// `cameraClip` from writeCameraClip(path); the keyframe is `editor` on its frame 0.
PanZoomFigures measurePanZoom(const std::string& cameraClip, const CameraPath& path,
                              const std::string& editor, const PropagationSettings& settings,
                              const std::string& tmpDir, std::stop_token stop = {});

}  // namespace restyle
