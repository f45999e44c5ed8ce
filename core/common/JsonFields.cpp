#include "common/JsonFields.h"

#include <cmath>

#include "common/Error.h"
#include "common/JsonFile.h"

using nlohmann::json;

namespace restyle {

namespace {

const json& emptyObject() {
    static const json empty = json::object();
    return empty;
}

const json& nullValue() {
    static const json null;
    return null;
}

}  // namespace

JsonFields::JsonFields(const json& object, std::string where, std::string path)
    : object_(object.is_object() ? object : emptyObject()),
      where_(std::move(where)),
      path_(std::move(path)) {
    if (!object.is_object())
        throw InputError(where_ + ": " + (path_.empty() ? "the document" : path_) +
                         " must be a JSON object, not " + jsonExcerpt(object));
}

void JsonFields::fail(const std::string& key, const std::string& why) const {
    const auto it = object_.find(key);
    const std::string got = it == object_.end() ? "" : " (got " + jsonExcerpt(*it) + ")";
    throw InputError(where_ + ": " + path_ + key + " " + why + got);
}

JsonFields JsonFields::section(const std::string& key) const {
    const auto it = object_.find(key);
    if (it == object_.end()) return JsonFields(emptyObject(), where_, path_ + key + ".");
    if (!it->is_object()) fail(key, "must be an object");
    return JsonFields(*it, where_, path_ + key + ".");
}

int64_t JsonFields::integer(const std::string& key, int64_t fallback, int64_t min,
                            int64_t max) const {
    const auto it = object_.find(key);
    if (it == object_.end()) return fallback;
    const std::string range =
        "must be an integer from " + std::to_string(min) + " to " + std::to_string(max);
    if (it->is_number_unsigned()) {
        const uint64_t v = it->get<uint64_t>();
        if (v > uint64_t(max)) fail(key, range);
        return int64_t(v);
    }
    if (!it->is_number_integer()) fail(key, range);
    const int64_t v = it->get<int64_t>();
    if (v < min || v > max) fail(key, range);
    return v;
}

double JsonFields::number(const std::string& key, double fallback, double min, double max) const {
    const auto it = object_.find(key);
    if (it == object_.end()) return fallback;
    const double v = it->is_number() ? it->get<double>() : NAN;
    if (!std::isfinite(v) || v < min || v > max)
        fail(key, "must be a number from " + jsonExcerpt(min) + " to " + jsonExcerpt(max));
    return v;
}

std::string JsonFields::text(const std::string& key, const std::string& fallback) const {
    const auto it = object_.find(key);
    if (it == object_.end()) return fallback;
    if (!it->is_string()) fail(key, "must be a string");
    return it->get<std::string>();
}

bool JsonFields::boolean(const std::string& key, bool fallback) const {
    const auto it = object_.find(key);
    if (it == object_.end()) return fallback;
    if (!it->is_boolean()) fail(key, "must be true or false");
    return it->get<bool>();
}

std::string JsonFields::oneOf(const std::string& key, const std::string& fallback,
                              const std::vector<std::string>& allowed) const {
    const std::string v = text(key, fallback);
    for (const auto& a : allowed)
        if (a == v) return v;
    std::string list;
    for (const auto& a : allowed)
        list += (list.empty() ? "" : ", ") + a;
    fail(key, "must be one of " + list);
}

const json& JsonFields::raw(const std::string& key) const {
    const auto it = object_.find(key);
    return it == object_.end() ? nullValue() : *it;
}

}  // namespace restyle
