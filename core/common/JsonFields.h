#pragma once
// Typed, range-checked reading of one JSON object's fields: the one way jobs, queue entries
// and manifests are validated. A field that is absent takes its fallback; one that is
// present must have the right type (an integer is not 18.7, a section is an object) and be
// in range (never NaN or infinite), else InputError "WHERE: PATH.KEY must be ...".
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace restyle {

class JsonFields {
  public:
    // `where`: the file (or "job"); `path`: the object's place in it, "" or "engine.".
    JsonFields(const nlohmann::json& object, std::string where, std::string path = "");

    // The object at `key` (an empty one when absent); InputError when it is not an object.
    JsonFields section(const std::string& key) const;

    bool has(const std::string& key) const { return object_.contains(key); }
    int64_t integer(const std::string& key, int64_t fallback, int64_t min, int64_t max) const;
    double number(const std::string& key, double fallback, double min, double max) const;
    std::string text(const std::string& key, const std::string& fallback) const;
    bool boolean(const std::string& key, bool fallback) const;
    std::string oneOf(const std::string& key, const std::string& fallback,
                      const std::vector<std::string>& allowed) const;
    // The raw value at `key` (null when absent), for fields read by someone else; valid as
    // long as this object.
    const nlohmann::json& raw(const std::string& key) const;

    [[noreturn]] void fail(const std::string& key, const std::string& why) const;

  private:
    nlohmann::json object_;  // a copy: callers may pass temporaries, and jobs are small
    std::string where_;
    std::string path_;
};

}  // namespace restyle
