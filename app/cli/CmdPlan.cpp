#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/Command.h"
#include "farm/SegmentPlanner.h"

namespace restyle::cli {

// "auto" (0: one segment per keyframe stretch) or a count.
int segmentCount(Args& args) {
    const std::string v = args.value("--segments", "auto");
    if (v == "auto") return 0;
    try {
        size_t used = 0;
        const int n = std::stoi(v, &used);
        if (used == v.size() && n >= 1) return n;
    } catch (const std::exception&) {
    }
    throw UsageError("--segments expects auto or a count >= 1, got '" + v + "'");
}

Command planCommand() {
    Command c;
    c.name = "plan";
    c.summary = "split a job into segment jobs and a join file";
    c.usage =
        "usage: restyle-cli plan JOB.json --out-dir DIR [--segments auto|N]\n\n"
        "Splits the job at its keyframes and at shot cuts that restyle a shot afresh (the\n"
        "job's first editor keyframe applied at the cut), where the engines' state resets, so\n"
        "each segment\n"
        "gives exactly the frames a run of the whole job would. Writes NAME.segNNN.json\n"
        "(an ordinary job: run each with 'restyle-cli run', anywhere, in any order) and\n"
        "NAME.join.json (for 'restyle-cli join') into DIR, NAME being the output's name.\n"
        "--segments auto: one segment per keyframe stretch; N: at most N, of about equal\n"
        "length. With the diffusion engine, N may also split a stretch after a batch: such a\n"
        "segment continues the one before it from its carry (NAME.segNNN.carry.json) and\n"
        "runs after it (\"after\" in the plan). Prints the plan as JSON. Planning again\n"
        "keeps the segments already done unless their job changed.\n";
    c.run = [](Args& args, const Context&) {
        const auto outDir = args.value("--out-dir");
        const int count = segmentCount(args);
        const auto pos = args.positionals(1, 1);
        if (!outDir) throw UsageError("--out-dir DIR is required");
        const Plan plan = planSegments(Job::load(pos[0]), *outDir, count);
        for (const auto& w : plan.warnings)
            std::cerr << "restyle-cli plan: " << w << "\n";
        nlohmann::json out{{"join", plan.joinPath}, {"segments", nlohmann::json::array()}};
        for (const auto& s : plan.join.segments) {
            nlohmann::json sj{
                {"first", s.first}, {"last", s.last}, {"job", s.job}, {"output", s.output}};
            if (s.after >= 0) sj["after"] = s.after;
            out["segments"].push_back(sj);
        }
        std::cout << out.dump(2) << "\n";
        return 0;
    };
    return c;
}

}  // namespace restyle::cli
