#pragma once
// Runs one job with progress and cancel, and turns every failure into a message that names
// the file and the cause (the queue keeps it next to the job).
#include <stop_token>
#include <string>

#include "jobs/Job.h"

namespace restyle {

enum class JobOutcome { Done, Failed, Canceled };

struct JobResult {
    JobOutcome outcome = JobOutcome::Failed;
    std::string error;         // for Failed
    bool badInput = false;     // the failure was the input's (exit 2), not the program's
    PropagationResult result;  // for Done
};

JobResult runJob(const Job& job, const ProgressCallback& progress, std::stop_token stop,
                 const FrameCallback& onFrame = {});

}  // namespace restyle
