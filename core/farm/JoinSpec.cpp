#include "farm/JoinSpec.h"

#include <filesystem>
#include <fstream>

#include "common/Error.h"
#include "common/FileUtil.h"
#include "common/JsonFile.h"

using nlohmann::json;
namespace fs = std::filesystem;

namespace restyle {

namespace {

std::string relativeTo(const std::string& path, const std::string& baseDir) {
    if (path.empty() || baseDir.empty()) return path;
    const fs::path rel = fs::path(path).lexically_relative(baseDir);
    if (rel.empty() || *rel.begin() == "..") return path;  // outside the folder: keep it whole
    return rel.string();
}

std::string resolve(const std::string& path, const std::string& baseDir) {
    if (path.empty() || baseDir.empty() || fs::path(path).is_absolute()) return path;
    return (fs::path(baseDir) / path).lexically_normal().string();
}

template <typename T>
T field(const json& j, const char* key, const std::string& where, const std::string& at) {
    if (!j.contains(key)) throw InputError(where + ": " + at + key + " is missing");
    try {
        return j.at(key).get<T>();
    } catch (const json::exception&) {
        throw InputError(where + ": " + at + key + " has the wrong type (" + j.at(key).dump() +
                         ")");
    }
}

}  // namespace

std::string JoinSpec::describe(size_t index) const {
    const SegmentSpec& s = segments.at(index);
    return "segment " + std::to_string(index) + " (frames " + std::to_string(s.first) + "-" +
           std::to_string(s.last) + ")";
}

json JoinSpec::toJson(const std::string& baseDir) const {
    json j;
    j["version"] = kVersion;
    j["source"] = source;
    j["output"] = output;
    j["frames"] = {{"first", first}, {"last", last}};
    j["audio"] = {{"enabled", audio}, {"offset", audioOffset}, {"duration", audioDuration}};
    j["encode"] = {{"crf", crf}, {"preset", preset}};
    j["metrics"] = metrics;
    j["segments"] = json::array();
    for (const auto& s : segments) {
        json sj{{"first", s.first},
                {"last", s.last},
                {"offset_seconds", s.offsetSeconds},
                {"job", relativeTo(s.job, baseDir)},
                {"output", relativeTo(s.output, baseDir)},
                {"metrics", relativeTo(s.metrics, baseDir)}};
        if (s.after >= 0) sj["after"] = s.after;
        j["segments"].push_back(sj);
    }
    return j;
}

JoinSpec JoinSpec::fromJson(const json& j, const std::string& where, const std::string& baseDir) {
    if (!j.is_object()) throw InputError(where + ": a join file must be a JSON object");
    const int version = field<int>(j, "version", where, "");
    if (version != kVersion)
        throw InputError(where + ": join file version " + std::to_string(version) +
                         " is not supported (this Restyle reads " + std::to_string(kVersion) + ")");
    JoinSpec s;
    s.source = resolve(field<std::string>(j, "source", where, ""), baseDir);
    s.output = resolve(field<std::string>(j, "output", where, ""), baseDir);
    const json frames = field<json>(j, "frames", where, "");
    s.first = field<int64_t>(frames, "first", where, "frames.");
    s.last = field<int64_t>(frames, "last", where, "frames.");
    const json audio = field<json>(j, "audio", where, "");
    s.audio = field<bool>(audio, "enabled", where, "audio.");
    s.audioOffset = field<double>(audio, "offset", where, "audio.");
    s.audioDuration = field<double>(audio, "duration", where, "audio.");
    const json encode = field<json>(j, "encode", where, "");
    s.crf = field<int>(encode, "crf", where, "encode.");
    s.preset = field<std::string>(encode, "preset", where, "encode.");
    s.metrics = resolve(j.value("metrics", std::string()), baseDir);
    const json segments = field<json>(j, "segments", where, "");
    if (!segments.is_array() || segments.empty())
        throw InputError(where + ": \"segments\" must list at least one segment");
    int64_t expected = s.first;
    for (size_t i = 0; i < segments.size(); ++i) {
        const std::string at = "segments[" + std::to_string(i) + "].";
        const json& sj = segments[i];
        SegmentSpec seg;
        seg.first = field<int64_t>(sj, "first", where, at);
        seg.last = field<int64_t>(sj, "last", where, at);
        seg.offsetSeconds = field<double>(sj, "offset_seconds", where, at);
        seg.job = resolve(field<std::string>(sj, "job", where, at), baseDir);
        seg.output = resolve(field<std::string>(sj, "output", where, at), baseDir);
        seg.metrics = resolve(sj.value("metrics", std::string()), baseDir);
        if (sj.contains("after")) {
            seg.after = field<int>(sj, "after", where, at);
            if (seg.after < 0 || size_t(seg.after) >= i)
                throw InputError(where + ": " + at + "after must name a segment before it");
        }
        if (seg.first != expected || seg.last < seg.first)
            throw InputError(where + ": " + at + "first/last do not continue the frames before");
        expected = seg.last + 1;
        s.segments.push_back(seg);
    }
    if (expected != s.last + 1)
        throw InputError(where + ": the segments do not cover frames " + std::to_string(s.first) +
                         "-" + std::to_string(s.last));
    return s;
}

JoinSpec JoinSpec::load(const std::string& path) {
    // Bounded depth and size (common/JsonFile), like every JSON Restyle reads.
    const json j = readJsonFile(path);
    return fromJson(j, path, fs::absolute(path).parent_path().string());
}

void JoinSpec::save(const std::string& path) const {
    const std::string dir = fs::absolute(path).parent_path().string();
    writeFileAtomically(path, toJson(dir).dump(2) + "\n");
}

}  // namespace restyle
