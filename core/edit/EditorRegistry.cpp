#include "edit/EditorRegistry.h"

#include <algorithm>
#include <functional>

#include "common/Error.h"
#include "diffusion/DiffusionEditor.h"
#include "edit/BuiltinEditors.h"
#include "edit/TorchStyleEditor.h"
#include "models/ModelManifest.h"

namespace restyle {

namespace {

const std::vector<std::function<std::unique_ptr<Editor>()>>& builtins() {
    static const std::vector<std::function<std::unique_ptr<Editor>()>> list = {
        makeCartoonEditor,       makeStylizeEditor, makeWatercolorEditor,
        makeOilPaintEditor,      makePencilEditor,  makeDetailEnhanceEditor,
        makeColorTransferEditor, makeLutEditor,     makePaintedFrameEditor};
    return list;
}

bool isEditorKind(const std::string& kind) {
    return kind == "style-net" || DiffusionEditor::handles(kind);
}

std::unique_ptr<Editor> editorFor(const ModelManifest& m) {
    if (DiffusionEditor::handles(m.kind)) return std::make_unique<DiffusionEditor>(m);
    return std::make_unique<TorchStyleEditor>(m);
}

}  // namespace

ParamValues resolveParamsAt(const Editor& editor, const ParamValues& given, double scale) {
    return scaleLengths(editor.params(), resolveParams(editor.name(), editor.params(), given),
                        scale);
}

cv::Mat applyEditor(const Editor& editor, const cv::Mat& frame, const ParamValues& given,
                    std::vector<std::string>* warnings, double scale) {
    const ParamValues values = resolveParamsAt(editor, given, scale);
    cv::Mat out = editor.apply(frame, values, warnings);
    if (out.size() != frame.size() || out.type() != CV_8UC3)
        throw Error("editor " + editor.name() + " returned a frame of another size or type");
    return out;
}

std::vector<EditorInfo> listEditors(std::vector<std::string>* problems) {
    std::vector<EditorInfo> out;
    for (const auto& make : builtins()) {
        const auto e = make();
        out.push_back({e->name(), e->description(), e->params(), "built-in", e->reappliable()});
    }
    const size_t builtinCount = out.size();
    for (const auto& m : findModels(problems)) {
        if (!isEditorKind(m.kind)) continue;
        const auto clash = std::find_if(out.begin(), out.begin() + long(builtinCount),
                                        [&](const EditorInfo& e) { return e.name == m.name; });
        if (clash != out.begin() + long(builtinCount)) {
            if (problems)
                problems->push_back(m.path + ": name \"" + m.name +
                                    "\" is a built-in editor's; rename the model");
            continue;
        }
        out.push_back({m.name,
                       m.description.empty() ? "TorchScript model " + m.kind : m.description,
                       DiffusionEditor::handles(m.kind) ? DiffusionEditor::schema(m.kind)
                                                        : TorchStyleEditor::schema(),
                       m.path, true});
    }
    return out;
}

std::unique_ptr<Editor> createEditor(const std::string& name) {
    for (const auto& make : builtins()) {
        auto e = make();
        if (e->name() == name) return e;
    }
    for (const auto& m : findModels())
        if (m.name == name && isEditorKind(m.kind)) return editorFor(m);
    // A manifest path works too.
    if (name.find('/') != std::string::npos || name.ends_with(".json")) {
        const ModelManifest m = loadManifest(name);
        if (!isEditorKind(m.kind))
            throw InputError(m.path + ": kind \"" + m.kind + "\" is not an image editor");
        return editorFor(m);
    }
    std::string known;
    std::vector<std::string> problems;
    for (const auto& e : listEditors(&problems))
        known += (known.empty() ? "" : ", ") + e.name;
    std::string broken;
    for (const auto& p : problems)
        broken += "\n  " + p;
    throw InputError("unknown editor '" + name + "' (editors: " + known + ")" +
                     (broken.empty() ? "" : "; these model manifests are broken:" + broken));
}

}  // namespace restyle
