#pragma once
#include <sys/resource.h>

namespace restyle {

// Peak resident memory of this process so far, in MiB.
inline double peakMemoryMiB() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return double(u.ru_maxrss) / 1024.0;  // Linux reports KiB
}

}  // namespace restyle
