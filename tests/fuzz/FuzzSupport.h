#pragma once
// Shared by the fuzz targets: bad input must end in InputError (the CLI's exit 2); any other
// exception, a crash, a hang or a sanitizer report is a finding.
#include <cstddef>
#include <cstdint>
#include <string>

namespace restyle::fuzz {

inline std::string text(const uint8_t* data, size_t size) {
    return std::string(reinterpret_cast<const char*>(data), size);
}

// Writes the input to a file in a per-process temporary folder (for code that reads paths);
// returns its path. The same path is reused by every run of the process.
std::string writeInput(const uint8_t* data, size_t size, const std::string& name);

}  // namespace restyle::fuzz
