#include "common/JsonFile.h"

#include <sys/stat.h>

#include <fstream>
#include <sstream>

#include "common/Error.h"
#include "common/FileUtil.h"

namespace restyle {

namespace {

// The deepest nesting of arrays and objects in `text`, outside strings; stops counting
// once past `limit`.
int nestingDepth(const std::string& text, int limit) {
    int depth = 0, deepest = 0;
    bool inString = false, escaped = false;
    for (const char c : text) {
        if (inString) {
            if (escaped)
                escaped = false;
            else if (c == '\\')
                escaped = true;
            else if (c == '"')
                inString = false;
            continue;
        }
        if (c == '"') {
            inString = true;
        } else if (c == '[' || c == '{') {
            deepest = std::max(deepest, ++depth);
            if (deepest > limit) return deepest;
        } else if (c == ']' || c == '}') {
            --depth;
        }
    }
    return deepest;
}

}  // namespace

nlohmann::json parseJsonText(const std::string& text, const std::string& where, JsonLimits limits) {
    if (text.size() > limits.maxBytes)
        throw InputError(where + ": is " + std::to_string(text.size()) + " bytes, more than the " +
                         std::to_string(limits.maxBytes) + " a JSON document may have here");
    if (nestingDepth(text, limits.maxDepth) > limits.maxDepth)
        throw InputError(where + ": JSON nested deeper than " + std::to_string(limits.maxDepth) +
                         " levels");
    try {
        return nlohmann::json::parse(text);
    } catch (const nlohmann::json::exception& e) {
        throw InputError(where + ": not valid JSON (" + std::string(e.what()) + ")");
    }
}

nlohmann::json readJsonFile(const std::string& path, JsonLimits limits) {
    checkReadableFile(path);
    struct stat st {};
    if (::stat(path.c_str(), &st) == 0 && size_t(st.st_size) > limits.maxBytes)
        throw InputError(path + ": is " + std::to_string(st.st_size) + " bytes, more than the " +
                         std::to_string(limits.maxBytes) + " a JSON document may have here");
    std::ifstream in(path, std::ios::binary);
    if (!in) throw InputError(path + ": cannot be read");
    std::ostringstream ss;
    ss << in.rdbuf();
    return parseJsonText(ss.str(), path, limits);
}

std::string jsonExcerpt(const nlohmann::json& j, size_t maxChars) {
    std::string s = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    if (s.size() > maxChars) s = s.substr(0, maxChars) + "...";
    return s;
}

}  // namespace restyle
