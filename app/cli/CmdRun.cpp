#include <cstdio>
#include <iostream>

#include "cli/Command.h"
#include "common/Error.h"
#include "common/ResourceUsage.h"
#include "jobs/JobRunner.h"

namespace restyle::cli {

Command runCommand() {
    Command c;
    c.name = "run";
    c.summary = "run a job file (what the batch queue stores)";
    c.usage =
        "usage: restyle-cli run JOB.json [--progress]\n\n"
        "Runs the job (input, output, keyframes, engine, flow and export settings; see\n"
        "the README for the format). Relative paths are relative to the job file.\n"
        "For render-farm managers: --progress prints 'PROGRESS <percent>' lines; exit\n"
        "codes are 0 done, 2 bad job or input, 1 other failure, 130 interrupted (no\n"
        "partial output is left).\n";
    c.run = [](Args& args, const Context& ctx) {
        const auto pos = args.positionals(1, 1);
        const Job job = Job::load(pos[0]);
        const JobResult r = runJob(job, ctx.progressPrinter(), ctx.stop);
        if (r.outcome == JobOutcome::Canceled) throw CanceledError();
        if (r.outcome == JobOutcome::Failed) {
            // Say which job, unless the message already does.
            if (r.badInput)
                throw InputError(r.error.find(pos[0]) == std::string::npos ? pos[0] + ": " + r.error
                                                                           : r.error);
            throw Error(r.error);
        }
        const std::string leadIn = r.result.leadIn > 0
                                       ? " after a lead-in of " + std::to_string(r.result.leadIn)
                                       : "";
        std::fprintf(stderr,
                     "%s: %lld frames%s in %.1f s, mean warp error %.5f, peak memory %.0f MiB\n",
                     job.output.c_str(), static_cast<long long>(r.result.frames), leadIn.c_str(),
                     r.result.seconds, r.result.meanWarpError, peakMemoryMiB());
        return 0;
    };
    return c;
}

}  // namespace restyle::cli
