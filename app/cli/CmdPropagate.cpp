#include <cstdio>
#include <iostream>

#include "cli/Command.h"
#include "cli/PropagateOptions.h"
#include "common/Error.h"
#include "common/ResourceUsage.h"
#include "edit/Params.h"
#include "media/OutputFormat.h"

namespace restyle::cli {

const char* kPropagateOptionsHelp =
    "  --engine E           warp (default, built in), fewshot (a style network learned\n"
    "                       from the keyframes) or diffusion (needs --model)\n"
    "  --model CHECKPOINT   SD 1.x checkpoint (.safetensors, .ckpt) or manifest, diffusion\n"
    "  --controlnet CKPT    ControlNet 1.x checkpoint (canny or depth)\n"
    "  --control canny|depth  the ControlNet's condition (default canny)\n"
    "  --depth-model M      depth network (TorchScript manifest) for --control depth\n"
    "  --keyframe N:IMG     another edited keyframe at frame N (repeatable)\n"
    "  --frames A-B         process frames A to B only (output starts at A)\n"
    "  --max-side N         process at most N pixels on the longer side\n"
    "  --temporal X         flicker removal strength 0-1 (default 0.6)\n"
    "  --feather PX         softness of seams between warped and filled pixels (default 2)\n"
    "  --crf N, --preset P  H.264 quality (default 18) and libx264 preset (default veryfast)\n"
    "  --bit-depth 8|16     PNG sequence / FFV1 bit depth (default 8)\n"
    "  --no-audio           drop the audio (otherwise copied or re-encoded to AAC)\n"
    "  --metrics FILE.csv   per-frame warp error, reliable share and ms\n"
    "  --seed S             random seed (diffusion)\n"
    "  --fill F             warp engine's fill for new content: default (the editor, or\n"
    "                       the keyframe's colour mapping) or style-net (the fewshot\n"
    "                       engine's network, trained first)\n"
    "  --agree L, --close L  grey levels a keyframe's warp may be off and still be kept,\n"
    "                       where the flow check passes (14) and anywhere (7); lower hands\n"
    "                       more pixels to the fill\n"
    "fewshot engine:\n"
    "  --style-train-seconds S  training budget per keyframe (default 60 on CPU, 15 CUDA)\n"
    "  --fewshot-blend X    weight of the previous output carried along the flow (0.25)\n"
    "diffusion engine (FlowVid recipe):\n"
    "  --prompt TEXT, --negative-prompt TEXT\n"
    "  --strength X         img2img denoising strength of keyframes (default 0.6)\n"
    "  --steps N            sampling steps (default: the model's)\n"
    "  --guidance X         classifier-free guidance (default 7.5)\n"
    "  --keyframe-interval K  a diffusion keyframe every K frames (default 4)\n"
    "  --batch F            keyframes per batch (default 16)\n"
    "  --blend X            share of steps held to the warp where reliable (default 0.5)\n"
    "  --no-color-calibration  do not match colours to the edited first frame\n"
    "  --progress           print 'PROGRESS <percent>' lines on stdout\n";

PropagationSettings parsePropagationSettings(Args& args) {
    PropagationSettings s;
    s.engine = args.value("--engine", s.engine);
    if (auto m = args.value("--model")) s.engineSettings["model"] = *m;
    if (auto m = args.value("--controlnet")) s.engineSettings["controlnet"] = *m;
    if (auto m = args.value("--control")) s.engineSettings["control"] = *m;
    if (auto m = args.value("--depth-model")) s.engineSettings["depth_model"] = *m;
    s.engineSettings["feather"] = args.doubleValue("--feather", 2.0, 0, 50);
    if (auto p = args.value("--prompt")) s.engineSettings["prompt"] = *p;
    if (auto p = args.value("--negative-prompt")) s.engineSettings["negative_prompt"] = *p;
    if (args.has("--strength"))
        s.engineSettings["strength"] = args.doubleValue("--strength", 0, 0, 1);
    if (args.has("--guidance"))
        s.engineSettings["guidance"] = args.doubleValue("--guidance", 0, 0, 100);
    if (args.has("--blend")) s.engineSettings["blend"] = args.doubleValue("--blend", 0, 0, 1);
    if (args.has("--style-train-seconds"))
        s.engineSettings["style_train_seconds"] =
            args.doubleValue("--style-train-seconds", 60, 0, 86400);
    if (auto v = args.value("--fill")) {
        if (*v != "style-net" && *v != "default")
            throw UsageError("--fill expects style-net or default, got '" + *v + "'");
        s.engineSettings["fill"] = *v;
    }
    if (args.has("--agree")) s.engineSettings["agree"] = args.doubleValue("--agree", 14, 0, 255);
    if (args.has("--close")) s.engineSettings["close"] = args.doubleValue("--close", 7, 0, 255);
    if (args.has("--fewshot-blend"))
        s.engineSettings["fewshot_blend"] = args.doubleValue("--fewshot-blend", 0.25, 0, 1);
    s.engineSettings["steps"] = args.intValue("--steps", 0, 0, 1000);
    s.engineSettings["keyframe_interval"] = args.intValue("--keyframe-interval", 4, 1, 1000);
    s.engineSettings["batch"] = args.intValue("--batch", 16, 2, 256);
    s.engineSettings["calibrate_color"] = !args.flag("--no-color-calibration");
    if (auto range = args.value("--frames")) {
        long long a = -1, b = -1;
        char tail = 0;
        if (std::sscanf(range->c_str(), "%lld-%lld%c", &a, &b, &tail) != 2 || a < 0 || b < a)
            throw UsageError("--frames expects A-B with 0 <= A <= B, got '" + *range + "'");
        s.firstFrame = a;
        s.lastFrame = b;
    }
    s.maxSide = args.maxSideValue();
    s.temporalStrength = args.doubleValue("--temporal", s.temporalStrength, 0, 1);
    s.crf = args.intValue("--crf", s.crf, 0, 51);
    s.bitDepth = args.intValue("--bit-depth", 8, 8, 16);
    if (s.bitDepth != 8 && s.bitDepth != 16) throw UsageError("--bit-depth must be 8 or 16");
    s.preset = args.value("--preset", s.preset);
    s.audio = !args.flag("--no-audio");
    s.metricsCsv = args.value("--metrics", "");
    s.seed = unsigned(args.intValue("--seed", 0, 0, 2147483647));
    s.device = args.value("--device", "auto");
    s.flow = parseFlowSettings(args);
    s.flow.device = s.device;
    return s;
}

int runPropagation(const std::string& clip, const std::string& out,
                   const std::vector<Keyframe>& keys, const PropagationSettings& s,
                   const Context& ctx) {
    outputFormatFor(out);  // refuse an unknown output type before any work (exit 2)
    const PropagationResult r = propagate(clip, out, keys, s, ctx.progressPrinter(), ctx.stop);
    for (const auto& w : r.warnings)
        std::cerr << "warning: " << w << "\n";
    // The lead-in (frames from a keyframe before the range) is work too: the rate counts it.
    const std::string leadIn = r.leadIn > 0 ? " after a lead-in of " + std::to_string(r.leadIn) +
                                                  " from the keyframe before"
                                            : "";
    std::fprintf(stderr,
                 "%s: %lld frames%s in %.1f s (%.1f fps), mean warp error %.5f, reliable %.1f%%, "
                 "audio %s, peak memory %.0f MiB\n",
                 out.c_str(), static_cast<long long>(r.frames), leadIn.c_str(), r.seconds,
                 r.seconds > 0 ? double(r.frames + r.leadIn) / r.seconds : 0.0, r.meanWarpError,
                 100.0 * r.meanReliableShare, r.audio.c_str(), peakMemoryMiB());
    return 0;
}

namespace {

std::vector<Keyframe> extraKeyframes(Args& args) {
    std::vector<Keyframe> keys;
    for (const auto& k : args.values("--keyframe"))
        keys.push_back(parseKeyframeArgument(k));
    return keys;
}

}  // namespace

Command propagateCommand() {
    Command c;
    c.name = "propagate";
    c.summary = "carry an edited first frame (and keyframes) through a clip";
    c.usage = std::string(
                  "usage: restyle-cli propagate CLIP --first EDIT.png --out OUT.mp4 [options]\n\n"
                  "  --out OUT            .mp4 (H.264), .mkv (FFV1, lossless), .mov (ProRes\n"
                  "                       4444) or an image sequence DIR/NAME_%06d.png\n"
                  "  --first IMG          the edited first frame (of the range)\n"
                  "  --editor NAME        the editor that made the keyframes, re-applied where\n"
                  "                       the warp cannot be trusted (with --set K=V...);\n"
                  "                       without it, such places take the source in the\n"
                  "                       keyframe's colours\n") +
              kPropagateOptionsHelp + kFlowOptionsHelp;
    c.run = [](Args& args, const Context& ctx) {
        const auto first = args.value("--first");
        const auto out = args.value("--out");
        const std::string editor = args.value("--editor", "");
        const ParamValues params = parseAssignments(args.values("--set"));
        auto keys = extraKeyframes(args);
        const PropagationSettings s = parsePropagationSettings(args);
        const auto pos = args.positionals(1, 1);
        if (!out) throw UsageError("--out OUT.mp4 is required");
        if (!first && keys.empty()) throw UsageError("--first EDIT.png is required");
        if (first) {
            Keyframe k;
            k.frame = s.firstFrame;
            k.image = *first;
            keys.push_back(k);
        }
        for (auto& k : keys) {
            k.editor = editor;
            k.params = params;
        }
        return runPropagation(pos[0], *out, keys, s, ctx);
    };
    return c;
}

Command restyleCommand() {
    Command c;
    c.name = "restyle";
    c.summary = "edit the first frame with an editor and propagate it, in one go";
    c.usage = std::string(
                  "usage: restyle-cli restyle CLIP --editor NAME [--set K=V]... --out OUT.mp4 "
                  "[options]\n\n"
                  "  --editor NAME        the editor for the first frame (restyle-cli editors)\n"
                  "  --set K=V            an editor parameter (repeatable)\n") +
              kPropagateOptionsHelp + kFlowOptionsHelp;
    c.run = [](Args& args, const Context& ctx) {
        const auto editor = args.value("--editor");
        const auto out = args.value("--out");
        const ParamValues params = parseAssignments(args.values("--set"));
        auto keys = extraKeyframes(args);
        const PropagationSettings s = parsePropagationSettings(args);
        const auto pos = args.positionals(1, 1);
        if (!editor) throw UsageError("--editor NAME is required");
        if (!out) throw UsageError("--out OUT.mp4 is required");
        Keyframe k;
        k.frame = s.firstFrame;
        k.editor = *editor;
        k.params = params;
        for (auto& extra : keys) {
            extra.editor = *editor;
            extra.params = params;
        }
        keys.push_back(k);
        return runPropagation(pos[0], *out, keys, s, ctx);
    };
    return c;
}

}  // namespace restyle::cli
