#include <iostream>
#include <map>
#include <sstream>

#include "cli/Bench.h"
#include "cli/Command.h"
#include "edit/Params.h"

namespace restyle::cli {

Command benchCommand() {
    Command c;
    c.name = "bench";
    c.summary = "measure and print performance figures";
    c.usage =
        "usage: restyle-cli bench [io|flow|propagate|quality|diffusion] [--clip CLIP]\n"
        "                         [--model MANIFEST] [--size N]\n\n"
        "  io     decode fps, encode fps, frame-exact seek latency (median, worst)\n"
        "  flow   flow pairs per second per method at 512x512 and the clip's size, 1 and\n"
        "         all threads; the anchored tracker's ms per frame per mode\n"
        "  propagate  restyle (cartoon, warp engine, 512 px): fps end to end, engine ms per\n"
        "         frame, peak memory, and flicker against the editor on every frame\n"
        "  quality  real-clip cases with a known truth (opencv-doc's vtest.avi): stroke\n"
        "         persistence and red leak, PSNR against a per-frame cartoon (all pixels and\n"
        "         content changed since the keyframe), flicker against it on a static and a\n"
        "         handheld clip, PSNR on a known pan/zoom (dis-fast and dis-medium)\n"
        "  diffusion  with --model: device, dtype, ms per sampling step and per keyframe\n"
        "         at --size (512), and a 4 s 30 fps clip end to end with the pipeline's\n"
        "         overhead outside model calls\n"
        "  style  the few-shot style network (--clip, default vtest.avi): a stylisation\n"
        "         (--editor, default cartoon) of frame 0 as the keyframe, the same on every\n"
        "         frame as the truth; PSNR over changed pixels and overall, warping error\n"
        "         against the per-frame stylisation, training time (--frames 200,\n"
        "         --size 512, --engines fewshot,warp+style-net,warp, --style-train-seconds\n"
        "         S, --set K=V engine settings)\n"
        "Without --clip, propagate and quality use opencv-doc's vtest.avi (768x576, 795\n"
        "frames); the others generate a 1280x720 sample clip in a temporary folder.\n"
        "Figures are printed as 'name: value unit' lines; peak memory is included.\n";
    c.run = [](Args& args, const Context& ctx) {
        const std::string clip = args.value("--clip", "");
        const std::string model = args.value("--model", "");
        const int side = args.intValue("--size", 512, 64, 4096);
        BenchStyleOptions o;  // read here: positionals() refuses options not taken
        o.frames = args.intValue("--frames", o.frames, 2, 100000);
        o.side = side;
        o.editor = args.value("--editor", o.editor);
        if (auto e = args.value("--engines")) {
            o.engines.clear();
            std::stringstream list(*e);
            for (std::string name; std::getline(list, name, ',');)
                o.engines.push_back(name);
        }
        if (auto t = args.value("--style-train-seconds"))
            o.engineSettings["style_train_seconds"] = std::stod(*t);
        const ParamValues sets = parseAssignments(args.values("--set"));
        o.engineSettings.update(sets);
        const auto pos = args.positionals(0, 1);
        const std::string what = pos.empty() ? "io" : pos[0];
        const std::map<std::string, std::function<void(const std::string&, const Context&)>>
            benches = {{"io", benchIo},
                       {"flow", benchFlow},
                       {"propagate", benchPropagate},
                       {"quality", benchQuality}};
        if (what == "style") {
            benchStyle(clip, o, ctx);
            return 0;
        }
        if (what == "diffusion") {
            benchDiffusion(model, side, clip, ctx);
            return 0;
        }
        auto it = benches.find(what);
        if (it == benches.end()) throw UsageError("unknown benchmark '" + what + "'");
        it->second(clip, ctx);
        return 0;
    };
    return c;
}

}  // namespace restyle::cli
