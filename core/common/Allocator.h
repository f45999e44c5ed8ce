#pragma once
// Per-frame image buffers (a 512 px frame is 0.5-1.5 MB; flows 1.5 MB) are allocated and freed
// dozens of times per frame by OpenCV temporaries. glibc serves such sizes with mmap and
// returns them with munmap, so every buffer is page-faulted in afresh: on vtest.avi at 512 px
// that was ~40% of the propagation's CPU time (5.0 -> 11.7 fps with buffers kept). This keeps
// freed buffers in the heap for reuse instead.

namespace restyle {

// Idempotent and thread-safe; call before heavy per-frame work (propagate() does).
void keepLargeBuffersResident();

}  // namespace restyle
