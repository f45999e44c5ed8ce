#include "propagate/KeyframeResolver.h"

#include <algorithm>
#include <cstdlib>
#include <memory>

#include "common/Error.h"
#include "common/ImageFile.h"
#include "edit/EditorRegistry.h"
#include "media/VideoReader.h"
#include "propagate/ColorMapping.h"

namespace restyle {

std::vector<ResolvedKeyframe> resolveKeyframes(const std::string& clip, std::vector<Keyframe> keys,
                                               int maxSide, int64_t first, int64_t last,
                                               std::vector<std::string>& warnings) {
    if (keys.empty()) throw InputError("no keyframe: give an edited first frame or an editor");
    std::sort(keys.begin(), keys.end(),
              [](const Keyframe& a, const Keyframe& b) { return a.frame < b.frame; });
    // A run starts at the last keyframe at or before `first`: from a keyframe before the range
    // (a lead-in) the frames up to the range are processed but not written, so the range
    // comes out as a run from that keyframe makes it. Earlier keyframes play no part.
    size_t lead = 0;
    for (size_t i = 0; i < keys.size(); ++i)
        if (keys[i].frame <= first) lead = i;
    keys.erase(keys.begin(), keys.begin() + std::ptrdiff_t(lead));
    VideoReader reader(clip, ReaderOptions{maxSide, 0});
    std::vector<ResolvedKeyframe> out;
    for (const auto& k : keys) {
        if (!out.empty() && out.back().frame == k.frame)
            throw InputError("two keyframes at frame " + std::to_string(k.frame));
        // The first keyframe after the range is kept: the range's last stretch blends toward
        // it (its backward pass), as in a run over the whole clip. A segment of a split job
        // (core/farm) relies on this to match the whole run.
        if (k.frame > last && !out.empty() && out.back().frame > last) break;
        ResolvedKeyframe r;
        r.frame = k.frame;
        r.source = reader.frameAt(k.frame).image;
        std::shared_ptr<Editor> editor;
        if (!k.editor.empty()) {
            editor = createEditor(k.editor);
            // Lengths in pixels were chosen at the clip's own size (the editor's preview).
            r.params = resolveParamsAt(*editor, k.params, reader.scale());
        }
        if (!k.image.empty())
            r.edited = loadEditImage(k.image, r.source.size());
        else if (editor)
            r.edited = editor->apply(r.source, r.params, &warnings);
        else
            throw InputError("keyframe at frame " + std::to_string(k.frame) +
                             " has neither an image nor an editor");
        if (editor && editor->reappliable()) r.editor = editor;
        out.push_back(std::move(r));
    }
    return out;
}

ResolvedKeyframe shotKeyframe(const std::vector<ResolvedKeyframe>& keys, const cv::Mat& frame,
                              int64_t t, std::vector<std::string>& warnings) {
    ResolvedKeyframe k;
    k.frame = t;
    k.source = frame.clone();
    const auto withEditor = std::find_if(keys.begin(), keys.end(),
                                         [](const ResolvedKeyframe& r) { return bool(r.editor); });
    if (withEditor != keys.end()) {
        k.editor = withEditor->editor;
        k.params = withEditor->params;
        k.edited = k.editor->apply(frame, k.params);
        return k;
    }
    const auto nearest =
        std::min_element(keys.begin(), keys.end(), [&](const auto& a, const auto& b) {
            return std::llabs(a.frame - t) < std::llabs(b.frame - t);
        });
    k.edited = ColorMapping(nearest->source, nearest->edited).apply(frame);
    k.isEdit = false;
    warnings.push_back("the shot starting at frame " + std::to_string(t) +
                       " has no painted keyframe: it takes the colours of the keyframe at frame " +
                       std::to_string(nearest->frame) + " (paint a keyframe in it for its look)");
    return k;
}

}  // namespace restyle
