#include "jobs/Job.h"

#include <filesystem>
#include <fstream>

#include "common/Error.h"
#include "common/FileUtil.h"

using nlohmann::json;
namespace fs = std::filesystem;

namespace restyle {

json Job::toJson() const {
    json j;
    j["version"] = kVersion;
    j["input"] = input;
    j["output"] = output;
    j["keyframes"] = json::array();
    for (const auto& k : keyframes) {
        json kj{{"frame", k.frame}};
        if (!k.image.empty()) kj["image"] = k.image;
        if (!k.editor.empty()) {
            kj["editor"] = k.editor;
            kj["params"] = k.params.is_null() ? json::object() : k.params;
        }
        j["keyframes"].push_back(kj);
    }
    const PropagationSettings& s = settings;
    j["engine"] = {{"name", s.engine}, {"settings", s.engineSettings}};
    j["flow"] = {{"method", s.flow.method},
                 {"mode", flowModeName(s.flow.mode)},
                 {"occlusion_alpha1", s.flow.occlusion.alpha1},
                 {"occlusion_alpha2", s.flow.occlusion.alpha2},
                 {"motion_boundaries", s.flow.occlusion.motionBoundaries}};
    j["export"] = {
        {"crf", s.crf}, {"preset", s.preset}, {"max_side", s.maxSide}, {"audio", s.audio}};
    j["frames"] = {{"first", s.firstFrame}, {"last", s.lastFrame}};
    j["temporal"] = s.temporalStrength;
    j["seed"] = s.seed;
    j["device"] = s.device;
    if (!s.metricsCsv.empty()) j["metrics"] = s.metricsCsv;
    return j;
}

namespace {

template <typename T>
T field(const json& j, const char* key, const T& fallback, const std::string& where,
        const std::string& path) {
    if (!j.contains(key)) return fallback;
    try {
        return j.at(key).get<T>();
    } catch (const json::exception&) {
        throw InputError(where + ": " + path + key + " has the wrong type (" + j.at(key).dump() +
                         ")");
    }
}

std::string resolvePath(const std::string& p, const std::string& baseDir) {
    if (p.empty() || baseDir.empty() || fs::path(p).is_absolute()) return p;
    return (fs::path(baseDir) / p).lexically_normal().string();
}

}  // namespace

Job Job::fromJson(const json& j, const std::string& where, const std::string& baseDir) {
    if (!j.is_object()) throw InputError(where + ": a job must be a JSON object");
    const int version = field<int>(j, "version", kVersion, where, "");
    if (version < 1 || version > kVersion)
        throw InputError(where + ": job version " + std::to_string(version) +
                         " is not supported (this Restyle reads up to " + std::to_string(kVersion) +
                         ")");
    Job job;
    job.input = resolvePath(field<std::string>(j, "input", "", where, ""), baseDir);
    job.output = resolvePath(field<std::string>(j, "output", "", where, ""), baseDir);
    if (job.input.empty()) throw InputError(where + ": \"input\" (the clip) is missing");
    if (job.output.empty()) throw InputError(where + ": \"output\" (the MP4 to write) is missing");
    if (!j.contains("keyframes") || !j["keyframes"].is_array() || j["keyframes"].empty())
        throw InputError(where + ": \"keyframes\" must list at least one keyframe");
    for (size_t i = 0; i < j["keyframes"].size(); ++i) {
        const json& kj = j["keyframes"][i];
        const std::string at = "keyframes[" + std::to_string(i) + "].";
        if (!kj.is_object()) throw InputError(where + ": " + at + " must be an object");
        Keyframe k;
        k.frame = field<int64_t>(kj, "frame", 0, where, at);
        if (k.frame < 0) throw InputError(where + ": " + at + "frame must be >= 0");
        k.image = resolvePath(field<std::string>(kj, "image", "", where, at), baseDir);
        k.editor = field<std::string>(kj, "editor", "", where, at);
        k.params = kj.contains("params") ? kj["params"] : json::object();
        if (!k.params.is_object()) throw InputError(where + ": " + at + "params must be an object");
        if (k.image.empty() && k.editor.empty())
            throw InputError(where + ": " + at + " needs an \"image\" or an \"editor\"");
        job.keyframes.push_back(k);
    }
    PropagationSettings& s = job.settings;
    const json engine = j.value("engine", json::object());
    s.engine = field<std::string>(engine, "name", s.engine, where, "engine.");
    s.engineSettings = engine.value("settings", json::object());
    const json flow = j.value("flow", json::object());
    s.flow.method = field<std::string>(flow, "method", s.flow.method, where, "flow.");
    s.flow.mode =
        parseFlowMode(field<std::string>(flow, "mode", flowModeName(s.flow.mode), where, "flow."));
    s.flow.occlusion.alpha1 =
        field<double>(flow, "occlusion_alpha1", s.flow.occlusion.alpha1, where, "flow.");
    s.flow.occlusion.alpha2 =
        field<double>(flow, "occlusion_alpha2", s.flow.occlusion.alpha2, where, "flow.");
    s.flow.occlusion.motionBoundaries =
        field<bool>(flow, "motion_boundaries", s.flow.occlusion.motionBoundaries, where, "flow.");
    const json ex = j.value("export", json::object());
    s.crf = field<int>(ex, "crf", s.crf, where, "export.");
    if (s.crf < 0 || s.crf > 51) throw InputError(where + ": export.crf must be 0-51");
    s.preset = field<std::string>(ex, "preset", s.preset, where, "export.");
    s.maxSide = field<int>(ex, "max_side", s.maxSide, where, "export.");
    if (s.maxSide < 0) throw InputError(where + ": export.max_side must be >= 0");
    s.audio = field<bool>(ex, "audio", s.audio, where, "export.");
    const json frames = j.value("frames", json::object());
    s.firstFrame = field<int64_t>(frames, "first", 0, where, "frames.");
    s.lastFrame = field<int64_t>(frames, "last", -1, where, "frames.");
    if (s.firstFrame < 0 || (s.lastFrame >= 0 && s.lastFrame < s.firstFrame))
        throw InputError(where + ": frames.first/last do not make a range");
    s.temporalStrength = field<double>(j, "temporal", s.temporalStrength, where, "");
    if (s.temporalStrength < 0 || s.temporalStrength > 1)
        throw InputError(where + ": temporal must be 0-1");
    s.seed = field<unsigned>(j, "seed", 0u, where, "");
    s.device = field<std::string>(j, "device", s.device, where, "");
    s.flow.device = s.device;
    s.metricsCsv = resolvePath(field<std::string>(j, "metrics", "", where, ""), baseDir);
    return job;
}

Job Job::load(const std::string& path) {
    checkReadableFile(path);
    std::ifstream in(path);
    json j;
    try {
        j = json::parse(in);
    } catch (const json::exception& e) {
        throw InputError(path + ": not valid JSON (" + std::string(e.what()) + ")");
    }
    return fromJson(j, path, fs::absolute(path).parent_path().string());
}

void Job::save(const std::string& path) const {
    writeFileAtomically(path, toJson().dump(2) + "\n");
}

}  // namespace restyle
