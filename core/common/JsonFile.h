#pragma once
// Bounded JSON reading for every document Restyle reads (jobs, the queue, manifests,
// projects, checkpoint headers): a size limit before reading and a nesting limit before
// parsing, so that a hostile or broken file gives a sentence, never a stack overflow or
// an allocation of gigabytes.
#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>

namespace restyle {

struct JsonLimits {
    size_t maxBytes = size_t(16) << 20;  // 16 MiB: a job or manifest is a few KiB
    int maxDepth = 64;                   // a job nests 4 levels deep
};

// Parses `text`; InputError "WHERE: not valid JSON (...)" or "nested deeper than N levels".
nlohmann::json parseJsonText(const std::string& text, const std::string& where,
                             JsonLimits limits = {});

// Reads and parses `path` (a regular, readable file no larger than the limit); InputError
// naming it otherwise.
nlohmann::json readJsonFile(const std::string& path, JsonLimits limits = {});

// `j` as text for a message, cut to `maxChars`.
std::string jsonExcerpt(const nlohmann::json& j, size_t maxChars = 60);

}  // namespace restyle
