#include "common/Profile.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <mutex>
#include <string>

namespace restyle {

namespace {

using Clock = std::chrono::steady_clock;
const Clock::time_point kProcessStart = Clock::now();

struct Entry {
    double ms = 0;
    long count = 0;
    // When the stage first started and last ended, in seconds since the process started:
    // what ran before the first model call, and what after the last, is the overhead.
    double firstStart = -1, lastEnd = 0;
};

struct Totals {
    std::mutex mutex;
    std::map<std::string, Entry> byName;
    ~Totals() {
        for (const auto& [name, e] : byName)
            std::fprintf(stderr,
                         "profile %-24s %9.1f ms total, %7.2f ms x %ld, from %.2f s to %.2f s\n",
                         name.c_str(), e.ms, e.ms / double(e.count), e.count, e.firstStart,
                         e.lastEnd);
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
    const double end = std::chrono::duration<double>(Clock::now() - kProcessStart).count();
    Totals& t = totals();
    std::lock_guard lock(t.mutex);
    Entry& e = t.byName[name];
    e.ms += ms;
    ++e.count;
    if (e.firstStart < 0) e.firstStart = end - ms / 1000.0;
    e.lastEnd = end;
}

}  // namespace restyle
