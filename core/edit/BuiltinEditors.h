#pragma once
// The weight-free editors that ship with Restyle, one per file under builtin/.
#include <memory>

#include "edit/Editor.h"

namespace restyle {

std::unique_ptr<Editor> makeStylizeEditor();
std::unique_ptr<Editor> makePencilEditor();
std::unique_ptr<Editor> makeCartoonEditor();
std::unique_ptr<Editor> makeOilPaintEditor();
std::unique_ptr<Editor> makeWatercolorEditor();
std::unique_ptr<Editor> makeDetailEnhanceEditor();
std::unique_ptr<Editor> makeColorTransferEditor();
std::unique_ptr<Editor> makeLutEditor();
std::unique_ptr<Editor> makePaintedFrameEditor();

// Blends `edited` over `original` by `strength` in [0, 1].
cv::Mat mixStrength(const cv::Mat& original, const cv::Mat& edited, double strength);

}  // namespace restyle
