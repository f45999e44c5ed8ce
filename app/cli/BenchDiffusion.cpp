#include <chrono>
#include <cstdio>
#include <opencv2/imgcodecs.hpp>

#include "cli/Bench.h"
#include "common/BuildInfo.h"
#include "common/Error.h"
#include "common/ResourceUsage.h"
#include "diffusion/SdModel.h"
#include "media/SampleClip.h"
#include "media/VideoReader.h"
#include "propagate/Pipeline.h"

namespace restyle::cli {

namespace {

// The FlowVid engine end to end on a clip, with the pipeline's overhead outside model calls.
void benchClip(const DiffusionBenchOptions& o, const Context& ctx) {
    TempDir tmp;
    std::string clip = o.clip;
    if (clip.empty()) {
        clip = tmp.path("clip.mp4");
        writeSampleClip(clip, SampleClipOptions{o.side, o.side, o.frames, 30, 5});
    }
    VideoReader reader(clip, ReaderOptions{o.side, 0});
    cv::imwrite(tmp.path("first.png"), reader.frameAt(0).image);
    Keyframe k;
    k.image = tmp.path("first.png");
    PropagationSettings s;
    s.engine = "diffusion";
    s.maxSide = o.side;
    s.engineSettings = {{"model", o.model}, {"steps", o.steps}, {"prompt", ""}};
    if (!o.controlnet.empty()) s.engineSettings["controlnet"] = o.controlnet;
    const auto res = propagate(clip, tmp.path("out.mp4"), {k}, s, ctx.progressPrinter(), ctx.stop);
    std::printf(
        "propagate %lld frames at %d px, %d steps: %.1f s end to end (%.2f fps), model %.1f s, "
        "pipeline overhead outside model calls %.1f ms per frame\n",
        static_cast<long long>(res.frames), o.side, o.steps, res.seconds,
        double(res.frames) / res.seconds, res.modelSeconds,
        1000.0 * (res.seconds - res.modelSeconds) / double(res.frames));
}

}  // namespace

// The real-size networks with an empty prompt (no tokenizer needed): each network's time,
// then (with --frames) the engine on a clip.
void benchDiffusion(const DiffusionBenchOptions& o, const Context& ctx) {
    if (o.model.empty()) throw UsageError("bench diffusion needs --model CHECKPOINT");
    using Clock = std::chrono::steady_clock;
    const auto t0 = Clock::now();
    auto sd = diffusion::SdModel::load(o.model, o.controlnet, "auto");
    const double loadS = std::chrono::duration<double>(Clock::now() - t0).count();
    std::printf("model: %s (%s%s), %.0f M parameters, device %s, dtype %s; %s\n",
                sd->name().c_str(), sd->kind().c_str(), sd->hasControlNet() ? " + ControlNet" : "",
                double(sd->parameters()) / 1e6, sd->onCuda() ? "cuda" : "cpu",
                sd->halfPrecision() ? "float16" : "float32", torchVersionText().c_str());
    std::printf("load: %.1f s\n", loadS);
    const auto times = diffusion::timeComponents(*sd, o.side, o.steps);
    double unet = 0;
    for (double ms : times.unetStepMs)
        unet += ms;
    unet /= double(std::max<size_t>(1, times.unetStepMs.size()));
    std::printf("text encoder: %.0f ms\n", times.textMs);
    std::printf("VAE encode %dx%d: %.0f ms\n", o.side, o.side, times.encodeMs);
    std::printf("UNet step%s, 1 frame x 2 guidance halves at %dx%d: %.0f ms (first %.0f ms)\n",
                sd->hasControlNet() ? " with ControlNet" : "", o.side, o.side, unet,
                times.unetStepMs.empty() ? 0.0 : times.unetStepMs[0]);
    std::printf("VAE decode %dx%d: %.0f ms\n", o.side, o.side, times.decodeMs);
    std::printf("per frame (%d steps, unbatched): %.0f ms\n", o.steps,
                times.encodeMs + unet * o.steps + times.decodeMs);
    std::printf("peak memory: %.0f MiB (process)\n", peakMemoryMiB());
    if (o.frames > 0) benchClip(o, ctx);
}

}  // namespace restyle::cli
