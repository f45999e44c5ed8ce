#include "common/Allocator.h"

#include <mutex>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace restyle {

void keepLargeBuffersResident() {
#if defined(__GLIBC__)
    static std::once_flag once;
    std::call_once(once, [] {
        // The largest threshold glibc accepts (HEAP_MAX_SIZE / 2 on 64-bit): buffers below it
        // come from the heap. Trimming only past 512 MB, so the heap's top is not handed back
        // to the kernel between frames; peak memory is unchanged (the same buffers, reused).
        mallopt(M_MMAP_THRESHOLD, 32 * 1024 * 1024);
        mallopt(M_TRIM_THRESHOLD, 512 * 1024 * 1024);
    });
#endif
}

}  // namespace restyle
