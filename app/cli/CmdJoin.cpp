#include <cstdio>

#include "cli/Command.h"
#include "farm/SegmentJoiner.h"

namespace restyle::cli {

Command joinCommand() {
    Command c;
    c.name = "join";
    c.summary = "join a split job's segments into its output, with the source's audio";
    c.usage =
        "usage: restyle-cli join JOIN.json [--progress]\n\n"
        "Concatenates the segments 'restyle-cli plan' described, frame-exactly (the\n"
        "source's frame count and timing), with the source's audio, into the job's output.\n"
        "The video is copied when the segments' streams agree, otherwise encoded once.\n"
        "Exit 1 naming the first segment that is missing or incomplete (its task failed).\n";
    c.run = [](Args& args, const Context& ctx) {
        const auto pos = args.positionals(1, 1);
        const JoinSpec join = JoinSpec::load(pos[0]);
        const JoinResult r = joinSegments(join, ctx.stop, ctx.progressPrinter());
        for (const auto& w : r.warnings)
            std::fprintf(stderr, "restyle-cli join: warning: %s\n", w.c_str());
        std::fprintf(stderr, "%s: %lld frames from %zu segments, video %s, audio %s\n",
                     join.output.c_str(), static_cast<long long>(r.frames), join.segments.size(),
                     r.copied ? "copied" : "re-encoded", r.audio.c_str());
        return 0;
    };
    return c;
}

}  // namespace restyle::cli
