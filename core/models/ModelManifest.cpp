#include "models/ModelManifest.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <sstream>

#include "common/Error.h"
#include "common/FileUtil.h"
#include "common/JsonFields.h"
#include "common/JsonFile.h"

namespace fs = std::filesystem;
using nlohmann::json;

#ifndef RESTYLE_INSTALL_MODEL_DIR
#define RESTYLE_INSTALL_MODEL_DIR "/usr/share/restyle/models"
#endif

namespace restyle {

const std::vector<std::string>& modelKinds() {
    static const std::vector<std::string> kinds = {
        "style-net",       "flow",       "text-encoder", "sd-img2img", "instruct-pix2pix",
        "video-diffusion", "controlnet", "depth"};
    return kinds;
}

std::string ModelManifest::file(const std::string& role) const {
    auto it = files.find(role);
    if (it == files.end())
        throw InputError(path + ": \"files\" has no \"" + role + "\" entry (needed by kind " +
                         kind + ")");
    return it->second;
}

namespace {

ImageTensorSpec parseSpec(const json& j, const std::string& where, const std::string& path) {
    ImageTensorSpec s;
    if (j.is_null()) return s;
    if (!j.is_object()) throw InputError(path + ": \"" + where + "\" must be an object");
    try {
        s.channels = j.value("channels", s.channels);
        if (s.channels != "rgb" && s.channels != "bgr")
            throw InputError(path + ": " + where + ".channels must be \"rgb\" or \"bgr\"");
        if (j.contains("range")) {
            const auto r = j.at("range").get<std::vector<double>>();
            if (r.size() != 2 || !(r[1] > r[0]) || !std::isfinite(r[0]) || !std::isfinite(r[1]))
                throw InputError(path + ": " + where + ".range must be [min, max] with max > min");
            s.rangeMin = r[0];
            s.rangeMax = r[1];
        }
        if (j.contains("mean")) s.mean = j.at("mean").get<std::array<double, 3>>();
        if (j.contains("std")) s.std = j.at("std").get<std::array<double, 3>>();
        for (double v : s.std)
            if (!(v > 0 && std::isfinite(v)))
                throw InputError(path + ": " + where + ".std values must be positive");
        for (double v : s.mean)
            if (!std::isfinite(v)) throw InputError(path + ": " + where + ".mean must be finite");
        const JsonFields f(j, path, where + ".");
        s.multiple = int(f.integer("multiple", 1, 1, 64));
        s.maxSide = int(f.integer("max_side", 0, 0, 16384));
    } catch (const json::exception& e) {
        throw InputError(path + ": bad \"" + where + "\": " + e.what());
    }
    return s;
}

// A manifest names files inside its own folder only: a relative path without "..", which
// after symbolic links still lands in the folder.
fs::path insideFolder(const ModelManifest& m, const std::string& role, const std::string& rel) {
    const fs::path r(rel);
    const bool climbs =
        std::any_of(r.begin(), r.end(), [](const fs::path& c) { return c == ".."; });
    if (rel.empty() || r.is_absolute() || climbs)
        throw InputError(m.path + ": files." + role + " = \"" + rel +
                         "\" must be a path inside the model's folder (relative, without ..)");
    const fs::path f = fs::path(m.dir) / r;
    std::error_code ec;
    const fs::path real = fs::weakly_canonical(f, ec), dir = fs::weakly_canonical(m.dir, ec);
    const auto rp = real.lexically_relative(dir);
    if (!ec && (rp.empty() || *rp.begin() == ".."))
        throw InputError(m.path + ": files." + role + " = \"" + rel +
                         "\" leads outside the model's folder (a symbolic link?)");
    return f;
}

}  // namespace

ModelManifest loadManifest(const std::string& given) {
    fs::path p(given);
    if (fs::is_directory(p)) p /= "manifest.json";
    checkReadableFile(p);
    ModelManifest m;
    m.path = p.string();
    m.dir = fs::absolute(p).parent_path().string();
    m.raw = readJsonFile(m.path);
    if (!m.raw.is_object()) throw InputError(m.path + ": the manifest must be a JSON object");
    for (const char* key : {"name", "kind", "files"})
        if (!m.raw.contains(key))
            throw InputError(m.path + ": missing \"" + std::string(key) + "\"");
    if (!m.raw["name"].is_string() || !m.raw["kind"].is_string() || !m.raw["files"].is_object())
        throw InputError(m.path + ": \"name\" and \"kind\" must be strings, \"files\" an object");
    m.name = m.raw["name"];
    m.kind = m.raw["kind"];
    m.description = JsonFields(m.raw, m.path).text("description", "");
    const auto& kinds = modelKinds();
    if (std::find(kinds.begin(), kinds.end(), m.kind) == kinds.end()) {
        std::string list;
        for (const auto& k : kinds)
            list += (list.empty() ? "" : ", ") + k;
        throw InputError(m.path + ": unknown kind \"" + m.kind + "\" (expected one of " + list +
                         ")");
    }
    for (const auto& [role, rel] : m.raw["files"].items()) {
        if (!rel.is_string()) throw InputError(m.path + ": files." + role + " must be a path");
        const fs::path f = insideFolder(m, role, rel.get<std::string>());
        if (!fs::is_regular_file(f))
            throw InputError(f.string() + ": missing (listed as files." + role + " in " + m.path +
                             ")");
        m.files[role] = f.string();
    }
    m.input = parseSpec(m.raw.value("input", json()), "input", m.path);
    m.output = parseSpec(m.raw.value("output", json()), "output", m.path);
    return m;
}

std::vector<std::string> modelSearchPath() {
    std::vector<std::string> dirs;
    if (const char* env = std::getenv("RESTYLE_MODEL_PATH")) {
        std::stringstream ss(env);
        std::string d;
        while (std::getline(ss, d, ':'))
            if (!d.empty()) dirs.push_back(d);
    }
    if (const char* home = std::getenv("HOME"))
        dirs.push_back(std::string(home) + "/.local/share/restyle/models");
    // The installed share/restyle/models, next to the running program (a package installs
    // under /usr, whatever prefix the build used), then the build's own prefix.
    std::error_code ec;
    const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    if (!ec) {
        const auto share =
            (exe.parent_path().parent_path() / "share/restyle/models").lexically_normal();
        dirs.push_back(share.string());
    }
    if (dirs.back() != RESTYLE_INSTALL_MODEL_DIR) dirs.push_back(RESTYLE_INSTALL_MODEL_DIR);
    return dirs;
}

std::vector<ModelManifest> findModels(std::vector<std::string>* problems) {
    std::vector<ModelManifest> found;
    for (const auto& dir : modelSearchPath()) {
        std::error_code ec;
        if (!fs::is_directory(dir, ec)) continue;
        std::vector<fs::path> entries;
        for (const auto& e : fs::directory_iterator(dir, ec))
            entries.push_back(e.path());
        std::sort(entries.begin(), entries.end());
        for (const auto& e : entries) {
            if (!fs::is_regular_file(e / "manifest.json", ec)) continue;
            try {
                ModelManifest m = loadManifest(e.string());
                const auto same = std::find_if(found.begin(), found.end(),
                                               [&](const auto& f) { return f.name == m.name; });
                if (same != found.end())
                    throw InputError(m.path + ": name \"" + m.name + "\" is already used by " +
                                     same->path + " (found first on the search path); skipped");
                found.push_back(std::move(m));
            } catch (const std::exception& ex) {
                if (problems) problems->push_back(ex.what());
            }
        }
    }
    return found;
}

ModelManifest resolveModel(const std::string& pathOrName) {
    std::error_code ec;
    if (fs::exists(pathOrName, ec)) return loadManifest(pathOrName);
    for (auto& m : findModels())
        if (m.name == pathOrName) return m;
    throw InputError(pathOrName +
                     ": no such manifest file or folder, and no model of that name "
                     "on the model search path");
}

}  // namespace restyle
