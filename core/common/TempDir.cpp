#include "common/TempDir.h"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>

#include "common/Error.h"
#include "common/TempRegistry.h"

namespace fs = std::filesystem;

namespace restyle {

TempDir::TempDir(const std::string& prefix) {
    const char* env = std::getenv("TMPDIR");
    const std::string base = env && *env ? env : "/tmp";
    // Folders of killed runs (SIGKILL cannot be caught) are removed by the next one.
    removeStaleTemporaries(base, prefix + "-");
    std::string pattern = base + "/" + prefix + "-" + writerTag() + "-XXXXXX";
    if (!mkdtemp(pattern.data())) throw Error("cannot create a temporary folder " + pattern);
    dir_ = pattern;
    registerTemporary(dir_);
}

TempDir::~TempDir() {
    std::error_code ec;
    fs::remove_all(dir_, ec);
    unregisterTemporary(dir_);
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
