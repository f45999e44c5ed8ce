#include <filesystem>
#include <iostream>

#include "cli/Command.h"
#include "farm/SlurmSubmitter.h"

namespace fs = std::filesystem;

namespace restyle::cli {

int segmentCount(Args& args);  // CmdPlan.cpp

Command submitCommand() {
    Command c;
    c.name = "submit";
    c.summary = "plan a job and run its segments and join on a Slurm cluster";
    c.usage =
        "usage: restyle-cli submit JOB.json --slurm [--out-dir DIR] [--segments auto|N]\n"
        "                          [--partition P] [--gres gpu:N] [--sbatch-arg ARG]...\n"
        "                          [--cli PATH]\n\n"
        "Plans the job (see 'plan'; DIR defaults to NAME.farm beside the output), then\n"
        "submits a Slurm array job with one task per segment that has no output yet\n"
        "('restyle-cli run' on its job; --gres applies to these) and a join job that runs\n"
        "when they have ended ('restyle-cli join'; it fails naming a failed segment). A\n"
        "segment that continues another (a diffusion job split after a batch) is a job of\n"
        "its own that starts when that one has ended.\n"
        "Prints 'SUBMITTED <join job id>'. Submitting again runs only what is missing.\n"
        "DIR, the clip and restyle-cli (--cli, default: this program) must be reachable\n"
        "at the same paths on the nodes. Slurm's tools use the environment (SLURM_CONF).\n"
        "Logs: DIR/NAME.segNNN.log and DIR/NAME.join.log.\n";
    c.run = [](Args& args, const Context&) {
        if (!args.flag("--slurm")) throw UsageError("--slurm is required (the only farm so far)");
        SlurmOptions o;
        o.partition = args.value("--partition", "");
        o.gres = args.value("--gres", "");
        o.sbatchArgs = args.values("--sbatch-arg");
        o.cli = args.value("--cli", fs::read_symlink("/proc/self/exe").string());
        const auto outDir = args.value("--out-dir");
        const int count = segmentCount(args);
        const auto pos = args.positionals(1, 1);
        const Job job = Job::load(pos[0]);
        const fs::path output(job.output);
        const std::string dir =
            outDir ? *outDir : (output.parent_path() / (output.stem().string() + ".farm")).string();
        const Plan plan = planSegments(job, dir, count);
        for (const auto& w : plan.warnings)
            std::cerr << "restyle-cli submit: " << w << "\n";
        const SlurmSubmission sub = submitToSlurm(plan, o);
        std::cerr << "restyle-cli submit: " << sub.segments.size() << " of "
                  << plan.join.segments.size() << " segments to run"
                  << (sub.arrayJobId.empty() ? "" : " (array job " + sub.arrayJobId + ")")
                  << (sub.chainedJobIds.empty()
                          ? ""
                          : ", " + std::to_string(sub.chainedJobIds.size()) +
                                " after the segment they continue")
                  << ", join job " << sub.joinJobId << ", plan " << plan.joinPath << "\n";
        std::cout << "SUBMITTED " << sub.joinJobId << std::endl;
        return 0;
    };
    return c;
}

}  // namespace restyle::cli
