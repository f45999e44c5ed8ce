#include "common/TempDir.h"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>

#include "common/Error.h"

namespace fs = std::filesystem;

namespace restyle {

TempDir::TempDir(const std::string& prefix) {
    const char* base = std::getenv("TMPDIR");
    std::string pattern = std::string(base && *base ? base : "/tmp") + "/" + prefix + "-XXXXXX";
    if (!mkdtemp(pattern.data())) throw Error("cannot create a temporary folder " + pattern);
    dir_ = pattern;
}

TempDir::~TempDir() {
    std::error_code ec;
    fs::remove_all(dir_, ec);
}

std::string TempDir::path(const std::string& name) const {
    return name.empty() ? dir_ : dir_ + "/" + name;
}

std::vector<std::string> TempDir::entries() const {
    std::vector<std::string> out;
    for (const auto& e : fs::directory_iterator(dir_))
        out.push_back(e.path().filename());
    return out;
}

}  // namespace restyle
