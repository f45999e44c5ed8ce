#pragma once
// Keyframes: frames whose edited look the propagation carries to the others. Each is an
// image (a painted frame, or an edit saved earlier) or an editor with its parameters.
#include <memory>
#include <opencv2/core.hpp>
#include <string>
#include <vector>

#include "edit/Editor.h"

namespace restyle {

struct Keyframe {
    int64_t frame = 0;
    std::string image;   // an edited image file, or empty
    std::string editor;  // an editor name (used when image is empty, and to fill occlusions)
    ParamValues params = ParamValues::object();
};

// "N:IMG.png" from --keyframe.
Keyframe parseKeyframeArgument(const std::string& text);

// A keyframe made ready for propagation at the processing size.
struct ResolvedKeyframe {
    int64_t frame = 0;
    cv::Mat source;                        // the source frame there
    cv::Mat edited;                        // its edited version
    std::shared_ptr<const Editor> editor;  // re-appliable editor for fills, or null
    ParamValues params;
    // False for a shot's stand-in when the shot has no keyframe and no editor can edit it:
    // the colours of another keyframe mapped onto its first frame, no look to learn from.
    bool isEdit = true;
};

}  // namespace restyle
