#include <iostream>

#include "cli/Command.h"
#include "common/Error.h"
#include "diffusion/CheckpointLayout.h"

namespace restyle::cli {

Command modelsCommand() {
    Command c;
    c.name = "models";
    c.summary = "check a diffusion checkpoint against the networks Restyle builds";
    c.usage =
        "usage: restyle-cli models check CHECKPOINT\n\n"
        "Reads a single-file Stable Diffusion 1.x, InstructPix2Pix or ControlNet checkpoint\n"
        "(.safetensors; .ckpt/.pth where LibTorch reads them) and prints JSON: kind,\n"
        "parameters, dtype, missing, unexpected and misshapen tensors, and how many were\n"
        "ignored (EMA copies, noise-schedule buffers). Exit 0 when it would load, 2 otherwise,\n"
        "naming the first bad tensor.\n";
    c.run = [](Args& args, const Context&) {
        const auto pos = args.positionals(2, 2);
        if (pos[0] != "check") throw UsageError("unknown models action '" + pos[0] + "'");
        const Checkpoint checkpoint(pos[1]);
        const auto layout = diffusion::inspectCheckpoint(checkpoint);
        std::cout << layout.toJson().dump(2) << "\n";
        if (!layout.ok()) throw InputError(layout.firstProblem());
        return 0;
    };
    return c;
}

}  // namespace restyle::cli
