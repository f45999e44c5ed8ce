#include "FuzzSupport.h"

#include <cstdio>
#include <memory>

#include "common/TempDir.h"

namespace restyle::fuzz {

std::string writeInput(const uint8_t* data, size_t size, const std::string& name) {
    static const auto dir = std::make_unique<TempDir>("restyle-fuzz");
    const std::string path = dir->path(name);
    std::FILE* f = std::fopen(path.c_str(), "wb");
    if (!f) return path;
    std::fwrite(data, 1, size, f);
    std::fclose(f);
    return path;
}

}  // namespace restyle::fuzz
