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
        "                         [--model CHECKPOINT] [--controlnet CHECKPOINT] [--size N]\n"
        "                         [--steps K] [--frames N]\n\n"
        "  io     decode fps, encode fps, frame-exact seek latency (median, worst)\n"
        "  flow   flow pairs per second per method at 512x512 and the clip's size, 1 and\n"
        "         all threads; the anchored tracker's ms per frame per mode\n"
        "  propagate  restyle (cartoon, warp engine, 512 px): fps end to end, engine ms per\n"
        "         frame, peak memory, and flicker against the editor on every frame\n"
        "  quality  real-clip cases with a known truth (opencv-doc's vtest.avi): stroke\n"
        "         persistence and red leak, PSNR against a per-frame cartoon (all pixels and\n"
        "         content changed since the keyframe), flicker against it on a static and a\n"
        "         handheld clip, PSNR on a known pan/zoom (dis-fast and dis-medium)\n"
        "  diffusion  with --model (and --controlnet): device, dtype, ms of the text\n"
        "         encoder, VAE encode/decode and each of --steps (20) UNet steps at --size\n"
        "         (512), empty prompt; with --frames N the engine end to end on an N-frame\n"
        "         30 fps clip, with the pipeline's overhead outside model calls\n"
        "  style  the few-shot style network (--clip, default vtest.avi): a stylisation\n"
        "         (--editor, default cartoon) of frame --start (0) as the keyframe, the same\n"
        "         on every frame as the truth; PSNR over changed pixels and overall, warping\n"
        "         error against the per-frame stylisation, training time (--frames 200,\n"
        "         --size 512, --engines fewshot,warp+style-net,warp, --style-train-seconds\n"
        "         S, --set K=V engine settings)\n"
        "Without --clip, propagate and quality use opencv-doc's vtest.avi (768x576, 795\n"
        "frames); the others generate a 1280x720 sample clip in a temporary folder.\n"
        "Figures are printed as 'name: value unit' lines; peak memory is included.\n";
    c.run = [](Args& args, const Context& ctx) {
        const std::string clip = args.value("--clip", "");
        const std::string model = args.value("--model", "");
        const int side = args.intValue("--size", 512, 64, 4096);
        // --frames means "also the engine end to end" for diffusion (default 0, off) and the
        // clip length for style (default 200); read once, before positionals().
        const auto frames = args.value("--frames");
        const auto framesOr = [&](int fallback, int min) {
            return frames ? Args({"--frames", *frames}).intValue("--frames", fallback, min, 100000)
                          : fallback;
        };
        DiffusionBenchOptions diffusion{model, args.value("--controlnet", ""), clip, side};
        diffusion.steps = args.intValue("--steps", 20, 1, 1000);
        BenchStyleOptions style;
        style.side = side;
        style.editor = args.value("--editor", style.editor);
        style.start = args.intValue("--start", 0, 0, 10000000);
        if (auto e = args.value("--engines")) {
            style.engines.clear();
            std::stringstream list(*e);
            for (std::string name; std::getline(list, name, ',');)
                style.engines.push_back(name);
        }
        if (const double t = args.doubleValue("--style-train-seconds", -1.0, 0.0, 86400.0); t >= 0)
            style.engineSettings["style_train_seconds"] = t;
        // Engine settings are typed JSON (an editor's --set is checked against its schema):
        // a value that reads as a number or a boolean is one.
        const ParamValues sets = parseAssignments(args.values("--set"));
        for (const auto& [name, value] : sets.items()) {
            const auto typed = nlohmann::json::parse(value.get<std::string>(), nullptr, false);
            style.engineSettings[name] =
                typed.is_number() || typed.is_boolean() ? typed : value;
        }
        const auto pos = args.positionals(0, 1);
        const std::string what = pos.empty() ? "io" : pos[0];
        const std::map<std::string, std::function<void(const std::string&, const Context&)>>
            benches = {{"io", benchIo},
                       {"flow", benchFlow},
                       {"propagate", benchPropagate},
                       {"quality", benchQuality}};
        if (what == "style") {
            style.frames = framesOr(style.frames, 2);
            benchStyle(clip, style, ctx);
            return 0;
        }
        if (what == "diffusion") {
            diffusion.frames = framesOr(0, 0);
            benchDiffusion(diffusion, ctx);
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
