#include "edit/Params.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>

#include "common/Error.h"

using nlohmann::json;

namespace restyle {

std::string paramTypeName(ParamType t) {
    switch (t) {
        case ParamType::Int:
            return "int";
        case ParamType::Float:
            return "float";
        case ParamType::Bool:
            return "bool";
        case ParamType::Choice:
            return "choice";
        case ParamType::File:
            return "file";
        case ParamType::Color:
            return "color";
        default:
            return "text";
    }
}

json ParamSpec::toJson() const {
    json j;
    j["name"] = name;
    j["type"] = paramTypeName(type);
    j["default"] = defaultValue;
    const bool numeric = type == ParamType::Int || type == ParamType::Float;
    const bool integral = type == ParamType::Int;
    j["min"] = !numeric ? json(nullptr) : integral ? json(int64_t(min)) : json(min);
    j["max"] = !numeric ? json(nullptr) : integral ? json(int64_t(max)) : json(max);
    j["choices"] = type == ParamType::Choice ? json(choices) : json(nullptr);
    j["description"] = description;
    if (pixels) j["pixels"] = true;
    if (type == ParamType::File) {
        j["filter"] = fileFilter;
        j["required"] = required;
    }
    return j;
}

namespace {

[[noreturn]] void bad(const std::string& editor, const ParamSpec& s, const std::string& why) {
    throw InputError("editor " + editor + ": parameter " + s.name + " " + why);
}

double toNumber(const std::string& editor, const ParamSpec& s, const json& v) {
    if (v.is_number()) return v.get<double>();
    if (v.is_string()) {
        const std::string text = v.get<std::string>();
        char* end = nullptr;
        const double d = std::strtod(text.c_str(), &end);
        if (!text.empty() && *end == '\0') return d;
    }
    bad(editor, s, "expects a number, got " + v.dump());
}

bool toBool(const std::string& editor, const ParamSpec& s, const json& v) {
    if (v.is_boolean()) return v.get<bool>();
    if (v.is_number_integer()) return v.get<int>() != 0;
    if (v.is_string()) {
        std::string t = v.get<std::string>();
        std::transform(t.begin(), t.end(), t.begin(), ::tolower);
        if (t == "true" || t == "1" || t == "yes" || t == "on") return true;
        if (t == "false" || t == "0" || t == "no" || t == "off") return false;
    }
    bad(editor, s, "expects true or false, got " + v.dump());
}

json convert(const std::string& editor, const ParamSpec& s, const json& v) {
    switch (s.type) {
        case ParamType::Int: {
            const double d = toNumber(editor, s, v);
            if (d != std::floor(d)) bad(editor, s, "expects an integer, got " + v.dump());
            if (d < s.min || d > s.max)
                bad(editor, s,
                    "= " + v.dump() + " is out of range (" + json(int64_t(s.min)).dump() + " to " +
                        json(int64_t(s.max)).dump() + ")");
            return int64_t(d);
        }
        case ParamType::Float: {
            const double d = toNumber(editor, s, v);
            if (!(d >= s.min && d <= s.max))
                bad(editor, s,
                    "= " + v.dump() + " is out of range (" + json(s.min).dump() + " to " +
                        json(s.max).dump() + ")");
            return d;
        }
        case ParamType::Bool:
            return toBool(editor, s, v);
        case ParamType::Choice: {
            const std::string c = v.is_string() ? v.get<std::string>() : v.dump();
            if (std::find(s.choices.begin(), s.choices.end(), c) == s.choices.end()) {
                std::string list;
                for (const auto& x : s.choices)
                    list += (list.empty() ? "" : ", ") + x;
                bad(editor, s, "= " + c + " is not one of: " + list);
            }
            return c;
        }
        case ParamType::File: {
            if (!v.is_string()) bad(editor, s, "expects a file path");
            const std::string p = v.get<std::string>();
            if (p.empty()) {
                if (s.required) bad(editor, s, "is required (a file path)");
                return p;
            }
            std::error_code ec;
            if (!std::filesystem::is_regular_file(p, ec))
                bad(editor, s, "names " + p + ", which does not exist or is not a file");
            return p;
        }
        case ParamType::Color: {
            const std::string c = v.is_string() ? v.get<std::string>() : "";
            const bool ok =
                c.size() == 7 && c[0] == '#' && std::all_of(c.begin() + 1, c.end(), ::isxdigit);
            if (!ok) bad(editor, s, "expects a colour as #rrggbb, got " + v.dump());
            return c;
        }
        default:
            return v.is_string() ? v.get<std::string>() : v.dump();
    }
}

}  // namespace

ParamValues scaleLengths(const std::vector<ParamSpec>& schema, const ParamValues& values,
                         double scale) {
    ParamValues out = values;
    if (scale == 1.0 || !out.is_object()) return out;
    for (const ParamSpec& s : schema) {
        if (!s.pixels || !out.contains(s.name) || !out[s.name].is_number()) continue;
        const double v = out[s.name].get<double>() * scale;
        if (s.type == ParamType::Int)
            out[s.name] = v > 0 ? std::max<int64_t>(1, std::llround(v)) : int64_t(0);
        else
            out[s.name] = v;
    }
    return out;
}

ParamValues resolveParams(const std::string& editor, const std::vector<ParamSpec>& schema,
                          const ParamValues& given) {
    if (!given.is_null() && !given.is_object())
        throw InputError("editor " + editor + ": parameters must be a JSON object");
    json out = json::object();
    if (given.is_object())
        for (const auto& [k, v] : given.items()) {
            auto it = std::find_if(schema.begin(), schema.end(),
                                   [&](const ParamSpec& s) { return s.name == k; });
            if (it == schema.end()) {
                std::string list;
                for (const auto& s : schema)
                    list += (list.empty() ? "" : ", ") + s.name;
                throw InputError("editor " + editor + ": unknown parameter " + k +
                                 " (parameters: " + (list.empty() ? "none" : list) + ")");
            }
            out[k] = convert(editor, *it, v);
        }
    for (const auto& s : schema)
        if (!out.contains(s.name)) {
            if (s.required) bad(editor, s, "is required");
            out[s.name] = s.defaultValue;
        }
    return out;
}

ParamValues parseAssignments(const std::vector<std::string>& assignments) {
    json out = json::object();
    for (const auto& a : assignments) {
        const auto eq = a.find('=');
        if (eq == std::string::npos || eq == 0)
            throw InputError("--set " + a + ": expected NAME=VALUE");
        out[a.substr(0, eq)] = a.substr(eq + 1);
    }
    return out;
}

}  // namespace restyle
