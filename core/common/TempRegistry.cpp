#include "common/TempRegistry.h"

#include <signal.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <mutex>
#include <set>

namespace fs = std::filesystem;

namespace restyle {

namespace {

// Never destroyed: TempDirs with static storage may unregister during static destruction.
std::mutex& registryMutex() {
    static auto* m = new std::mutex;
    return *m;
}

std::set<fs::path>& registry() {
    static auto* r = new std::set<fs::path>;
    return *r;
}

// The host part of a tag: letters and digits of the host name only, so that the '-'
// separators of the tag stay unambiguous.
std::string hostToken() {
    char name[256] = {};
    if (::gethostname(name, sizeof name - 1) != 0) return "host";
    std::string out;
    for (const char* c = name; *c && out.size() < 32; ++c)
        if (std::isalnum(static_cast<unsigned char>(*c))) out += *c;
    return out.empty() ? "host" : out;
}

}  // namespace

std::string writerTag() {
    static const std::string host = hostToken();
    return std::to_string(::getpid()) + "-" + host;
}

bool isDeadWriterTag(const std::string& tag) {
    static const std::string host = hostToken();
    const auto dash = tag.find('-');
    if (dash == std::string::npos || dash == 0) return false;
    const std::string pidText = tag.substr(0, dash);
    if (pidText.find_first_not_of("0123456789") != std::string::npos || pidText.size() > 9)
        return false;
    const std::string rest = tag.substr(dash + 1);
    if (rest.compare(0, host.size(), host) != 0) return false;  // another machine's writer
    if (rest.size() > host.size() && rest[host.size()] != '-') return false;
    const pid_t pid = pid_t(std::stol(pidText));
    if (pid <= 0 || pid == ::getpid()) return false;
    return ::kill(pid, 0) != 0 && errno == ESRCH;
}

void registerTemporary(const fs::path& path) {
    std::lock_guard lock(registryMutex());
    registry().insert(path);
}

void unregisterTemporary(const fs::path& path) {
    std::lock_guard lock(registryMutex());
    registry().erase(path);
}

void removeRegisteredTemporaries() {
    std::unique_lock lock(registryMutex(), std::try_to_lock);
    // Without the lock (a writer is registering right now) the set may be mid-change:
    // leaving those entries is better than hanging the exit; the next run cleans them.
    if (!lock.owns_lock()) return;
    for (const auto& p : registry()) {
        std::error_code ec;
        fs::remove_all(p, ec);
    }
    registry().clear();
}

int removeStaleTemporaries(const fs::path& folder, const std::string& prefix) {
    int removed = 0;
    std::error_code ec;
    fs::directory_iterator it(folder.empty() ? fs::path(".") : folder, ec);
    if (ec) return 0;
    for (const auto& entry : it) {
        const std::string name = entry.path().filename().string();
        if (name.size() <= prefix.size() || name.compare(0, prefix.size(), prefix) != 0) continue;
        if (!isDeadWriterTag(name.substr(prefix.size()))) continue;
        std::error_code rm;
        if (fs::remove_all(entry.path(), rm) > 0) ++removed;
    }
    return removed;
}

}  // namespace restyle
