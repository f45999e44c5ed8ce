#include <filesystem>
#include <iostream>

#include "cli/Command.h"
#include "cli/PropagateOptions.h"
#include "media/SampleClip.h"

namespace restyle::cli {

Command demoCommand() {
    Command c;
    c.name = "demo";
    c.summary = "make a sample clip and restyle it with built-in parts (no downloads)";
    c.usage =
        "usage: restyle-cli demo [--out DIR] [--editor NAME] [--progress]\n\n"
        "Writes DIR/sample.mp4 (a generated 640x360 clip with a panning camera and a\n"
        "rolling ball), then restyles it: the first frame edited with the cartoon editor\n"
        "(or --editor NAME), carried through the clip by the warp engine. Results:\n"
        "DIR/restyled.mp4 and DIR/metrics.csv. DIR defaults to ./restyle-demo.\n";
    c.run = [](Args& args, const Context& ctx) {
        const std::string dir = args.value("--out", "restyle-demo");
        const std::string editor = args.value("--editor", "cartoon");
        args.positionals(0, 0);
        std::filesystem::create_directories(dir);
        const std::string sample = dir + "/sample.mp4";
        std::cerr << "writing the sample clip " << sample << "\n";
        writeSampleClip(sample);
        Keyframe k;
        k.editor = editor;
        PropagationSettings s;
        s.metricsCsv = dir + "/metrics.csv";
        return runPropagation(sample, dir + "/restyled.mp4", {k}, s, ctx);
    };
    return c;
}

}  // namespace restyle::cli
