#include "common/CpuBudget.h"

#include <sched.h>

#include <algorithm>
#include <cstdlib>
#include <string>
#include <thread>

namespace restyle {

namespace {

int fromEnvironment() {
    const char* v = std::getenv("OMP_NUM_THREADS");
    if (!v || !*v) return 0;
    try {
        const int n = std::stoi(v);  // "4" or "4,2" (nested levels): the first level counts
        return n > 0 ? n : 0;
    } catch (...) {
        return 0;
    }
}

int allowedCpus() {
    cpu_set_t set;
    CPU_ZERO(&set);
    if (sched_getaffinity(0, sizeof set, &set) == 0) return CPU_COUNT(&set);
    return int(std::thread::hardware_concurrency());
}

}  // namespace

int cpuBudget() {
    if (const int n = fromEnvironment()) return n;
    const int n = allowedCpus();
    return n > 0 ? n : 1;
}

int cpuBudgetBesideABusyThread() {
    return std::max(1, cpuBudget() - 1);
}

}  // namespace restyle
