#pragma once
// Splits a job into segment jobs. A segment starts at a keyframe, or at a shot cut where the
// whole run restyles the shot afresh, since every engine's state resets there (flow anchor,
// fill carry, flicker smoothing, diffusion batches), and carries the keyframe after it for the
// backward pass, so each segment computes exactly the frames a run over the whole range would.
// A diffusion job may also split after a batch: that segment continues the one before it
// from its RunCarry (the batch's last output, the anchor of the next), so it runs after it.
// Farm-agnostic: the segments are ordinary job files that `restyle-cli run` takes.
#include <cstdint>
#include <string>
#include <vector>

#include "farm/JoinSpec.h"
#include "jobs/Job.h"

namespace restyle {

struct FrameRange {
    int64_t first = 0;
    int64_t last = 0;
};

// The frames of [first, last] grouped into segments that start at keyframes (the first
// segment starts at `first`). `count` 0 gives one segment per keyframe stretch; otherwise at
// most `count` segments of about equal length.
std::vector<FrameRange> segmentRanges(int64_t first, int64_t last,
                                      const std::vector<int64_t>& keyframes, int count);

struct Plan {
    JoinSpec join;
    std::string joinPath;               // the join file written
    std::vector<std::string> warnings;  // e.g. fewer segments than asked
};

// Writes `NAME.segNNN.json` per segment and `NAME.join.json` into `outDir` (NAME: the job
// output's stem). A segment job that differs from one an earlier plan left there loses that
// plan's output, so stale pieces are never joined. Throws InputError for an unusable job.
Plan planSegments(const Job& job, const std::string& outDir, int count);

// Indices of the segments whose output is not there yet (what a re-run must still do).
std::vector<size_t> missingSegments(const JoinSpec& join);

}  // namespace restyle
