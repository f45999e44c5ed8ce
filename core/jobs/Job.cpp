#include "jobs/Job.h"

#include <filesystem>

#include "common/Error.h"
#include "common/FileUtil.h"
#include "common/JsonFields.h"
#include "common/JsonFile.h"
#include "common/Limits.h"

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
    if (!s.carryFrom.empty()) j["carry"]["from"] = s.carryFrom;
    if (!s.carryTo.empty()) j["carry"]["to"] = s.carryTo;
    return j;
}

namespace {

std::string resolvePath(const std::string& p, const std::string& baseDir) {
    if (p.empty() || baseDir.empty() || fs::path(p).is_absolute()) return p;
    return (fs::path(baseDir) / p).lexically_normal().string();
}

constexpr int64_t kMaxFrame = int64_t(1) << 40;

}  // namespace

Job Job::fromJson(const json& j, const std::string& where, const std::string& baseDir) {
    const JsonFields f(j, where);
    const int64_t version = f.integer("version", kVersion, 1, kVersion);
    (void)version;  // one version so far
    Job job;
    job.input = resolvePath(f.text("input", ""), baseDir);
    job.output = resolvePath(f.text("output", ""), baseDir);
    if (job.input.empty()) throw InputError(where + ": \"input\" (the clip) is missing");
    if (job.output.empty()) throw InputError(where + ": \"output\" (the MP4 to write) is missing");
    // A run that continues another (a farm segment) starts from that run's carry: its own
    // keyframes may be none.
    const JsonFields carry = f.section("carry");
    job.settings.carryFrom = resolvePath(carry.text("from", ""), baseDir);
    job.settings.carryTo = resolvePath(carry.text("to", ""), baseDir);
    const json& keys = f.has("keyframes") ? f.raw("keyframes") : json::array();
    if (!keys.is_array() || (keys.empty() && job.settings.carryFrom.empty()))
        f.fail("keyframes", "must list at least one keyframe");
    for (size_t i = 0; i < keys.size(); ++i) {
        const std::string at = "keyframes[" + std::to_string(i) + "]";
        if (!keys[i].is_object()) f.fail(at, "must be an object");
        const JsonFields k(keys[i], where, at + ".");
        Keyframe key;
        key.frame = k.integer("frame", 0, 0, kMaxFrame);
        key.image = resolvePath(k.text("image", ""), baseDir);
        key.editor = k.text("editor", "");
        k.section("params");  // must be an object when present
        key.params = k.has("params") ? k.raw("params") : json::object();
        if (key.image.empty() && key.editor.empty())
            throw InputError(where + ": " + at + " needs an \"image\" or an \"editor\"");
        job.keyframes.push_back(key);
    }
    PropagationSettings& s = job.settings;
    const JsonFields engine = f.section("engine");
    s.engine = engine.text("name", s.engine);
    engine.section("settings");
    s.engineSettings = engine.has("settings") ? engine.raw("settings") : json::object();
    const JsonFields flow = f.section("flow");
    s.flow.method = flow.text("method", s.flow.method);
    s.flow.mode = parseFlowMode(
        flow.oneOf("mode", flowModeName(s.flow.mode), {"chained-refined", "chained", "direct"}));
    s.flow.occlusion.alpha1 = flow.number("occlusion_alpha1", s.flow.occlusion.alpha1, 0, 10);
    s.flow.occlusion.alpha2 = flow.number("occlusion_alpha2", s.flow.occlusion.alpha2, 0, 1000);
    s.flow.occlusion.motionBoundaries =
        flow.boolean("motion_boundaries", s.flow.occlusion.motionBoundaries);
    const JsonFields ex = f.section("export");
    s.crf = int(ex.integer("crf", s.crf, 0, 51));
    s.preset = ex.text("preset", s.preset);
    s.maxSide = int(ex.integer("max_side", s.maxSide, 0, 16384));
    if (s.maxSide > 0 && s.maxSide < kMinFrameSide)
        ex.fail("max_side", "must be 0 (full size) or at least " + std::to_string(kMinFrameSide));
    s.audio = ex.boolean("audio", s.audio);
    const JsonFields frames = f.section("frames");
    s.firstFrame = frames.integer("first", 0, 0, kMaxFrame);
    s.lastFrame = frames.integer("last", -1, -1, kMaxFrame);
    if (s.lastFrame >= 0 && s.lastFrame < s.firstFrame)
        throw InputError(where + ": frames.first/last do not make a range");
    s.temporalStrength = f.number("temporal", s.temporalStrength, 0, 1);
    s.seed = unsigned(f.integer("seed", 0, 0, 4294967295LL));
    s.device = f.oneOf("device", s.device, {"auto", "cpu", "cuda"});
    s.flow.device = s.device;
    s.metricsCsv = resolvePath(f.text("metrics", ""), baseDir);
    return job;
}

Job Job::load(const std::string& path) {
    Job job = fromJson(readJsonFile(path), path, fs::absolute(path).parent_path().string());
    // Outputs must not replace the job file itself (the pipeline checks the other inputs).
    checkDistinct({job.output, job.settings.metricsCsv}, {path});
    return job;
}

void Job::save(const std::string& path) const {
    writeFileAtomically(path, toJson().dump(2) + "\n");
}

}  // namespace restyle
