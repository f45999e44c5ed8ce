#include "jobs/Project.h"

#include <filesystem>
#include <fstream>

#include "common/Error.h"
#include "common/FileUtil.h"
#include "common/JsonFile.h"

using nlohmann::json;

namespace restyle {

json Project::toJson() const {
    json j = job.toJson();
    j["project"] = {{"version", kVersion},
                    {"implicit_keyframe", implicitKeyframe},
                    {"result", result},
                    {"result_recipe", resultRecipe},
                    {"result_first", resultFirst},
                    {"view", view.is_object() ? view : json::object()}};
    return j;
}

Project Project::fromJson(const json& j, const std::string& where, const std::string& baseDir) {
    Project p;
    p.job = Job::fromJson(j, where, baseDir);
    const json section = j.value("project", json::object());
    if (!section.is_object()) throw InputError(where + ": \"project\" must be an object");
    const int version = section.value("version", kVersion);
    if (version < 1 || version > kVersion)
        throw InputError(where + ": project version " + std::to_string(version) +
                         " is not supported (this Restyle reads up to " + std::to_string(kVersion) +
                         ")");
    try {
        p.implicitKeyframe = section.value("implicit_keyframe", false);
        p.result = section.value("result", std::string());
        p.resultRecipe = section.value("result_recipe", std::string());
        // Projects of old: the result was made from the job's first frame.
        p.resultFirst = section.value("result_first", p.job.settings.firstFrame);
    } catch (const json::exception&) {
        throw InputError(where + ": project.implicit_keyframe, result, result_recipe or "
                                 "result_first has the wrong type");
    }
    p.view = section.value("view", json::object());
    if (!p.view.is_object()) p.view = json::object();
    return p;
}

Project Project::load(const std::string& path) {
    // Bounded depth and size (common/JsonFile), like every JSON Restyle reads.
    const json j = readJsonFile(path);
    return fromJson(j, path, std::filesystem::absolute(path).parent_path().string());
}

void Project::save(const std::string& path) const {
    writeFileAtomically(path, toJson().dump(2) + "\n");
}

}  // namespace restyle
