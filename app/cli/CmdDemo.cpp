#include <filesystem>
#include <iostream>

#include "cli/Command.h"
#include "media/SampleClip.h"
#include "media/Transcode.h"

namespace restyle::cli {

Command demoCommand() {
    Command c;
    c.name = "demo";
    c.summary = "make a sample clip and restyle it with built-in parts (no downloads)";
    c.usage =
        "usage: restyle-cli demo [--out DIR] [--progress]\n\n"
        "Writes DIR/sample.mp4 (a generated clip) and DIR/restyled.mp4; DIR defaults to\n"
        "./restyle-demo.\n";
    c.run = [](Args& args, const Context& ctx) {
        const std::string dir = args.value("--out", "restyle-demo");
        args.positionals(0, 0);
        std::filesystem::create_directories(dir);
        const std::string sample = dir + "/sample.mp4";
        const std::string out = dir + "/restyled.mp4";
        std::cerr << "writing the sample clip " << sample << "\n";
        writeSampleClip(sample);
        TranscodeOptions o;
        transcode(sample, out, o, ctx.progressPrinter(), ctx.stop);
        std::cerr << "wrote " << out << "\n";
        return 0;
    };
    return c;
}

}  // namespace restyle::cli
