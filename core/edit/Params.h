#pragma once
// Typed editor parameters: the schema the GUI turns into a form and the CLI into --set K=V,
// and the validated values an editor receives.
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace restyle {

enum class ParamType { Int, Float, Bool, Choice, File, Color, Text };
std::string paramTypeName(ParamType t);  // int, float, bool, choice, file, color, text

struct ParamSpec {
    std::string name;
    ParamType type = ParamType::Float;
    nlohmann::json defaultValue;
    double min = 0.0;  // Int and Float
    double max = 0.0;
    std::vector<std::string> choices;  // Choice
    std::string description;
    std::string fileFilter;  // File: e.g. "Images (*.png *.jpg)"; empty: any file
    bool required = false;   // File: must be given (no default)
    // Int and Float: a length in pixels of the clip at its own size (scaleLengths()).
    bool pixels = false;

    nlohmann::json toJson() const;
};

// Values by name: ints and floats as numbers, bools, strings (choices, paths, "#rrggbb").
using ParamValues = nlohmann::json;

// Checks `given` against `schema`, fills defaults, converts strings from the command line;
// throws InputError naming the parameter (and `editor`) for unknown names, bad types, values
// out of range, unknown choices and missing files.
ParamValues resolveParams(const std::string& editor, const std::vector<ParamSpec>& schema,
                          const ParamValues& given);

// Resolved `values` for frames `scale` times the clip's own size: the lengths in pixels
// scaled (whole numbers rounded, kept at 1 or more), so that an edit made at a reduced
// processing size looks like the edit the artist saw at full size, scaled down.
ParamValues scaleLengths(const std::vector<ParamSpec>& schema, const ParamValues& values,
                         double scale);

// "K=V" strings (from --set) into a JSON object of strings; InputError for a missing '='.
ParamValues parseAssignments(const std::vector<std::string>& assignments);

}  // namespace restyle

namespace restyle::params {

inline ParamSpec floating(std::string name, double def, double min, double max, std::string desc) {
    ParamSpec s;
    s.name = std::move(name);
    s.type = ParamType::Float;
    s.defaultValue = def;
    s.min = min;
    s.max = max;
    s.description = std::move(desc);
    return s;
}

inline ParamSpec integer(std::string name, int def, int min, int max, std::string desc) {
    ParamSpec s = floating(std::move(name), def, min, max, std::move(desc));
    s.type = ParamType::Int;
    s.defaultValue = def;
    return s;
}

// A length in pixels (scaled with the processing size: scaleLengths()).
inline ParamSpec inPixels(ParamSpec s) {
    s.pixels = true;
    return s;
}

inline ParamSpec boolean(std::string name, bool def, std::string desc) {
    ParamSpec s;
    s.name = std::move(name);
    s.type = ParamType::Bool;
    s.defaultValue = def;
    s.description = std::move(desc);
    return s;
}

inline ParamSpec choice(std::string name, std::vector<std::string> choices, std::string def,
                        std::string desc) {
    ParamSpec s;
    s.name = std::move(name);
    s.type = ParamType::Choice;
    s.choices = std::move(choices);
    s.defaultValue = std::move(def);
    s.description = std::move(desc);
    return s;
}

inline ParamSpec file(std::string name, std::string filter, bool required, std::string desc) {
    ParamSpec s;
    s.name = std::move(name);
    s.type = ParamType::File;
    s.defaultValue = "";
    s.fileFilter = std::move(filter);
    s.required = required;
    s.description = std::move(desc);
    return s;
}

inline ParamSpec color(std::string name, std::string def, std::string desc) {
    ParamSpec s;
    s.name = std::move(name);
    s.type = ParamType::Color;
    s.defaultValue = std::move(def);
    s.description = std::move(desc);
    return s;
}

}  // namespace restyle::params
