#pragma once
// Runs a program as a child process, without a shell (arguments pass through untouched),
// and collects its exit status and output. What farm submitters use to call a manager's
// command-line tools (sbatch, squeue, ...); the child inherits the environment, so a
// manager's own variables (SLURM_CONF, ...) apply.
#include <string>
#include <vector>

namespace restyle {

struct ProcessResult {
    int status = -1;  // exit status; 128+N when killed by signal N; -1 when it could not start
    std::string out;  // stdout
    std::string err;  // stderr
};

// `argv[0]` is looked up on PATH. Never throws for the child's failure: the caller decides.
ProcessResult runProcess(const std::vector<std::string>& argv);

}  // namespace restyle
