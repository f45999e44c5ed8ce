#include <iostream>

#include "cli/Command.h"
#include "cli/PropagateOptions.h"
#include "flow/FlowPreview.h"

namespace restyle::cli {

// Flow options shared by flow, propagate and restyle.
FlowSettings parseFlowSettings(Args& args) {
    FlowSettings s;
    s.method = args.value("--flow", s.method);
    s.mode = parseFlowMode(args.value("--flow-mode", flowModeName(s.mode)));
    s.occlusion.alpha1 = args.doubleValue("--occlusion-alpha1", s.occlusion.alpha1, 0, 10);
    s.occlusion.alpha2 = args.doubleValue("--occlusion-alpha2", s.occlusion.alpha2, 0, 1000);
    s.occlusion.motionBoundaries = args.flag("--motion-boundaries");
    s.device = args.value("--device", s.device);
    return s;
}

const char* kFlowOptionsHelp =
    "  --flow METHOD        dis-ultrafast, dis-fast (default), dis-medium, farneback,\n"
    "                       deepflow, raft:MANIFEST\n"
    "  --flow-mode MODE     chained-refined (default), chained, direct\n"
    "  --occlusion-alpha1 A, --occlusion-alpha2 B\n"
    "                       forward-backward check |f+b|^2 >= A(|f|^2+|b|^2) + B\n"
    "                       (defaults 0.01 and 0.5, Sundaram et al. 2010)\n"
    "  --motion-boundaries  also mark motion boundaries unreliable\n"
    "  --device D           auto (default), cpu, cuda: for model-based flow\n";

Command flowCommand() {
    Command c;
    c.name = "flow";
    c.summary = "overlay preview video of the flow from the first frame";
    c.usage =
        std::string(
            "usage: restyle-cli flow CLIP --out OUT.mp4 [--overlay color|arrows|occlusion|warp]\n"
            "                        [--first EDIT.png] [--flo-dir DIR] [--max-side N]\n"
            "                        [--opacity X] [--cache] [flow options] [--progress]\n\n"
            "  --overlay MODE  color: flow colour wheel; arrows: flow vectors; occlusion:\n"
            "                  unreliable pixels tinted; warp: the first frame (or EDIT.png)\n"
            "                  warped to each frame, blended over it (default: warp with\n"
            "                  --first, color without)\n"
            "  --first IMG     the edited first frame for the warp overlay\n"
            "  --flo-dir DIR   also write DIR/NNNNNN.flo: flow from frame 0 to frame N\n"
            "  --max-side N    process at most N pixels on the longer side\n"
            "  --opacity X     overlay opacity, 0-1 (default 0.7)\n"
            "  --cache         reuse flows cached on disk for this clip and settings\n") +
        kFlowOptionsHelp;
    c.run = [](Args& args, const Context& ctx) {
        FlowPreviewOptions o;
        const auto out = args.value("--out");
        o.firstEdit = args.value("--first", "");
        o.overlay =
            parseOverlayMode(args.value("--overlay", o.firstEdit.empty() ? "color" : "warp"));
        o.floDir = args.value("--flo-dir", "");
        o.maxSide = args.maxSideValue();
        o.opacity = args.doubleValue("--opacity", o.opacity, 0, 1);
        o.useCache = args.flag("--cache");
        o.flow = parseFlowSettings(args);
        const auto pos = args.positionals(1, 1);
        if (!out) throw UsageError("--out OUT.mp4 is required");
        const auto r = renderFlowPreview(pos[0], *out, o, ctx.progressPrinter(), ctx.stop);
        std::cerr << *out << ": " << r.frames << " frames, mean reliable share "
                  << r.meanReliableShare << (r.cacheHits ? ", cached flows used" : "") << "\n";
        return 0;
    };
    return c;
}

}  // namespace restyle::cli
