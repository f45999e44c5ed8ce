#include <iostream>

#include "cli/Command.h"
#include "media/Transcode.h"

namespace restyle::cli {

Command convertCommand() {
    Command c;
    c.name = "convert";
    c.summary = "transcode a clip to H.264 MP4 through Restyle's reader and writer";
    c.usage =
        "usage: restyle-cli convert IN OUT.mp4 [--max-side N] [--crf N] [--preset P]\n"
        "                           [--no-audio] [--progress]\n\n"
        "  --max-side N  scale so the longer side is at most N pixels\n"
        "  --crf N       H.264 quality, 0 (lossless) to 51 (worst); default 18\n"
        "  --preset P    libx264 preset (ultrafast ... veryslow); default medium\n"
        "  --no-audio    drop the audio (otherwise copied, or re-encoded to AAC)\n"
        "  --progress    print 'PROGRESS <percent>' lines on stdout\n";
    c.run = [](Args& args, const Context& ctx) {
        TranscodeOptions o;
        o.maxSide = args.maxSideValue();
        o.crf = args.intValue("--crf", 18, 0, 51);
        o.preset = args.value("--preset", "medium");
        o.audio = !args.flag("--no-audio");
        const auto pos = args.positionals(2, 2);
        const TranscodeResult r = transcode(pos[0], pos[1], o, ctx.progressPrinter(), ctx.stop);
        if (r.decodeErrors > 0)
            std::cerr << "warning: " << pos[0] << ": " << r.decodeErrors
                      << " corrupt packets or frames were skipped\n";
        std::cerr << pos[1] << ": " << r.frames << " frames, audio " << r.audio << "\n";
        return 0;
    };
    return c;
}

}  // namespace restyle::cli
