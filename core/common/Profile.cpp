#include "common/Profile.h"

#include <cstdio>
#include <cstdlib>
#include <map>
#include <mutex>
#include <string>

namespace restyle {

namespace {

struct Totals {
    std::mutex mutex;
    std::map<std::string, std::pair<double, long>> byName;
    ~Totals() {
        for (const auto& [name, t] : byName)
            std::fprintf(stderr, "profile %-24s %9.1f ms total, %7.2f ms x %ld\n", name.c_str(),
                         t.first, t.first / double(t.second), t.second);
    }
};

Totals& totals() {
    static Totals t;
    return t;
}

}  // namespace

bool profilingEnabled() {
    static const bool on = std::getenv("RESTYLE_PROFILE") != nullptr;
    return on;
}

void addProfileTime(const char* name, double ms) {
    Totals& t = totals();
    std::lock_guard lock(t.mutex);
    auto& e = t.byName[name];
    e.first += ms;
    ++e.second;
}

}  // namespace restyle
