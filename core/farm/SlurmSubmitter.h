#pragma once
// The Slurm specifics, all here: a plan's segments as one array job (a task per segment,
// `restyle-cli run` on its job file; a segment that continues another as a job after it) and a join job that runs after every task has ended
// (afterany: it must run when a task failed, to say which). The tools are Slurm's own
// (sbatch, squeue, sacct, scontrol), run as child processes with the caller's environment,
// so SLURM_CONF and the rest apply. The segments' files must be on storage the nodes share.
#include <string>
#include <vector>

#include "farm/SegmentPlanner.h"

namespace restyle {

struct SlurmOptions {
    std::string cli;                      // restyle-cli as the nodes run it (absolute path)
    std::string partition;                // --partition, if set
    std::string gres;                     // --gres for segment tasks (e.g. gpu:1), if set
    std::vector<std::string> sbatchArgs;  // given to every sbatch call as they are
};

struct SlurmSubmission {
    std::string arrayJobId;  // empty when no segment was left to run
    std::vector<std::string> chainedJobIds;  // segments waiting for the one they continue
    std::string joinJobId;
    std::vector<size_t> segments;  // the segments submitted (those with no output yet)
};

// Submits what the plan still needs: the segments without output and the join. Writes the
// batch scripts beside the join file; each task logs to its segment's `.log`. Throws Error
// with sbatch's message when it refuses.
SlurmSubmission submitToSlurm(const Plan& plan, const SlurmOptions& options);

// A job's state as Slurm reports it: squeue while it is known there, then sacct, then
// scontrol; "PENDING", "RUNNING", "COMPLETED", "FAILED", "CANCELLED", ..., or "UNKNOWN".
std::string slurmJobState(const std::string& jobId);

}  // namespace restyle
