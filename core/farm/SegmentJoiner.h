#pragma once
// Puts the segments of a split job back together, frame-exactly: the joined clip has the
// frames and timestamps a run over the whole range would have written, with the source's
// audio. The segments' H.264 streams are copied when they agree (same encoder parameters,
// which segments of one plan do); otherwise they are decoded and encoded once. Output goes
// through a temporary file and a rename; a failure or cancel leaves nothing behind.
#include <cstdint>
#include <stop_token>
#include <string>
#include <vector>

#include "common/Progress.h"
#include "farm/JoinSpec.h"

namespace restyle {

struct JoinResult {
    int64_t frames = 0;
    bool copied = false;  // streams copied (no re-encode)
    std::string audio;    // "none", "copied <codec>", "re-encoded <codec> to aac"
    std::vector<std::string> warnings;
};

// Throws Error naming the first segment that is missing or incomplete (its task failed or
// did not run), InputError for a bad source, CanceledError when stopped.
JoinResult joinSegments(const JoinSpec& join, std::stop_token stop,
                        const ProgressCallback& progress = {});

}  // namespace restyle
