#include <chrono>
#include <cstdio>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "cli/Bench.h"
#include "common/BuildInfo.h"
#include "common/Error.h"
#include "common/ResourceUsage.h"
#include "diffusion/SdModel.h"
#include "media/SampleClip.h"
#include "media/VideoReader.h"
#include "propagate/Pipeline.h"

namespace restyle::cli {

// Needs --model: the figures are the model's. With the tiny test models they measure the
// pipeline's own overhead; with SD 1.5-class models on a GPU, the real speed.
void benchDiffusion(const std::string& model, int side, const std::string& clipArg,
                    const Context& ctx) {
    if (model.empty()) throw UsageError("bench diffusion needs --model MANIFEST");
    const ModelManifest manifest = resolveModel(model);
    auto sd = diffusion::SdModel::load(manifest, "auto");
    std::printf("model: %s (%s), device %s, dtype %s; %s\n", manifest.name.c_str(),
                manifest.kind.c_str(), sd->onCuda() ? "cuda" : "cpu",
                sd->halfPrecision() ? "float16" : "float32", torchVersionText().c_str());
    using Clock = std::chrono::steady_clock;
    // Sampling: 4 keyframes of side x side, 20 steps, CFG (batch 8 through the UNet).
    const SampleScene scene(SampleClipOptions{side, side, 4, 30, 3});
    diffusion::SampleRequest r;
    for (int i = 0; i < 4; ++i) {
        r.init.push_back(scene.frame(i));
        if (sd->hasControlNet()) {
            cv::Mat grey, edges;
            cv::cvtColor(scene.frame(i), grey, cv::COLOR_BGR2GRAY);
            cv::Canny(grey, edges, 100, 200);
            cv::cvtColor(edges, edges, cv::COLOR_GRAY2BGR);
            r.control.push_back(edges);
        }
    }
    r.steps = 20;
    r.strength = 1.0;
    r.prompt = "a watercolor painting";
    r.stop = ctx.stop;
    diffusion::sample(*sd, r);  // warm-up
    std::vector<double> stepMs;
    auto last = Clock::now();
    r.onStep = [&](int, int) {
        const auto now = Clock::now();
        stepMs.push_back(std::chrono::duration<double, std::milli>(now - last).count());
        last = now;
    };
    const auto t0 = Clock::now();
    last = t0;
    diffusion::sample(*sd, r);
    const double total = std::chrono::duration<double>(Clock::now() - t0).count();
    double stepSum = 0;
    for (double m : stepMs)
        stepSum += m;
    std::printf(
        "sampling 4 keyframes %dx%d, 20 steps, CFG: %.1f ms per step, %.0f ms per keyframe, "
        "%.2f s in all\n",
        side, side, stepSum / double(stepMs.size()), total * 1000.0 / 4, total);
    // End to end on a clip: FlowVid's defaults (k = 4, F = 16).
    TempDir tmp;
    std::string clip = clipArg;
    if (clip.empty()) {
        clip = tmp.path("clip.mp4");
        writeSampleClip(clip, SampleClipOptions{side, side, 120, 30, 5});  // 4 s at 30 fps
    }
    VideoReader reader(clip, ReaderOptions{side, 0});
    cv::imwrite(tmp.path("first.png"), reader.frameAt(0).image);
    Keyframe k;
    k.image = tmp.path("first.png");
    PropagationSettings s;
    s.engine = "diffusion";
    s.maxSide = side;
    s.engineSettings = {{"model", model}, {"steps", 20}, {"prompt", "a watercolor painting"}};
    const auto res = propagate(clip, tmp.path("out.mp4"), {k}, s, ctx.progressPrinter(), ctx.stop);
    std::printf(
        "propagate %lld frames at %d px: %.1f s end to end (%.2f fps), model %.1f s, "
        "pipeline overhead outside model calls %.1f ms per frame\n",
        static_cast<long long>(res.frames), side, res.seconds, double(res.frames) / res.seconds,
        res.modelSeconds, 1000.0 * (res.seconds - res.modelSeconds) / double(res.frames));
    std::printf("peak memory: %.0f MiB\n", peakMemoryMiB());
}

}  // namespace restyle::cli
