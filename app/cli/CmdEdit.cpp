#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/Command.h"
#include "common/FileUtil.h"
#include "common/ImageFile.h"
#include "common/Limits.h"
#include "edit/EditorRegistry.h"
#include "media/VideoReader.h"

namespace restyle::cli {

Command editorsCommand() {
    Command c;
    c.name = "editors";
    c.summary = "list the editors (built-in and models found) as JSON";
    c.usage =
        "usage: restyle-cli editors\n\n"
        "Prints a JSON list; each editor has name, description, source (\"built-in\" or\n"
        "its manifest) and params: name, type (int, float, bool, choice, file, color,\n"
        "text), default, min, max, choices, description.\n"
        "Models are found in $RESTYLE_MODEL_PATH, ~/.local/share/restyle/models and the\n"
        "installed share/restyle/models. Broken manifests are named on stderr with their\n"
        "problem.\n";
    c.run = [](Args& args, const Context&) {
        args.positionals(0, 0);
        nlohmann::ordered_json list = nlohmann::ordered_json::array();
        std::vector<std::string> problems;
        const auto editors = listEditors(&problems);
        for (const auto& p : problems)
            std::cerr << "warning: model not listed: " << p << "\n";
        for (const auto& e : editors) {
            nlohmann::ordered_json j;
            j["name"] = e.name;
            j["description"] = e.description;
            j["source"] = e.source;
            j["reappliable"] = e.reappliable;
            j["params"] = nlohmann::ordered_json::array();
            for (const auto& p : e.params)
                j["params"].push_back(nlohmann::ordered_json::parse(p.toJson().dump()));
            list.push_back(j);
        }
        std::cout << list.dump(2) << "\n";
        return 0;
    };
    return c;
}

Command editCommand() {
    Command c;
    c.name = "edit";
    c.summary = "edit one frame of a clip with an editor, to an image";
    c.usage =
        "usage: restyle-cli edit CLIP --editor NAME [--set K=V]... [--frame N] --out FILE.png\n\n"
        "  --editor NAME  an editor from 'restyle-cli editors' (or a style-net manifest)\n"
        "  --set K=V      a parameter value; repeat for several\n"
        "  --frame N      the frame to edit (default 0)\n"
        "  --out FILE     the edited frame, same size as the source frame (.png, .jpg, .tif)\n";
    c.run = [](Args& args, const Context&) {
        const auto editorName = args.value("--editor");
        const auto out = args.value("--out");
        const auto sets = args.values("--set");
        const int frame = args.intValue("--frame", 0, 0, 1 << 30);
        const auto pos = args.positionals(1, 1);
        if (!editorName) throw UsageError("--editor NAME is required");
        if (!out) throw UsageError("--out FILE.png is required");
        auto editor = createEditor(*editorName);
        const ParamValues values =
            resolveParams(editor->name(), editor->params(), parseAssignments(sets));
        std::vector<std::string> inputs{pos[0]};
        for (const auto& [name, v] : values.items())
            if (v.is_string()) inputs.push_back(v.get<std::string>());  // file parameters
        checkOutputs({*out}, inputs);
        VideoReader reader(pos[0]);
        if (reader.info().frames <= 0)
            throw InputError(pos[0] + ": no video frame could be decoded (truncated or corrupt)");
        const VideoFrame f = reader.frameAt(frame);
        checkProcessableSize(pos[0], f.image.cols, f.image.rows);
        std::vector<std::string> warnings;
        const cv::Mat edited = applyEditor(*editor, f.image, values, &warnings);
        for (const auto& w : warnings)
            std::cerr << "warning: " << w << "\n";
        writeImageAtomically(*out, edited);
        return 0;
    };
    return c;
}

}  // namespace restyle::cli
