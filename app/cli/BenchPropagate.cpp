#include <cstdio>
#include <filesystem>

#include "cli/Bench.h"
#include "common/ResourceUsage.h"
#include "media/SampleClip.h"
#include "media/VideoReader.h"
#include "propagate/Flicker.h"
#include "propagate/Pipeline.h"

namespace restyle::cli {

void benchPropagate(const std::string& clipArg, const Context& ctx) {
    TempDir tmp;
    std::string clip = clipArg;
    const std::string vtest = "/usr/share/doc/opencv-doc/examples/data/vtest.avi";
    if (clip.empty() && std::filesystem::exists(vtest)) clip = vtest;  // real footage
    if (clip.empty()) {
        clip = tmp.path("sample.mp4");
        std::printf("generating a 640x360, 300-frame sample clip\n");
        writeSampleClip(clip, SampleClipOptions{640, 360, 300, 30, 7});
    }
    const VideoInfo info = probeVideo(clip);
    std::printf("clip: %s (%dx%d, %lld frames)\n", clip.c_str(), info.width, info.height,
                static_cast<long long>(info.frames));
    Keyframe k;
    k.editor = "cartoon";
    PropagationSettings s;
    s.maxSide = 512;
    s.metricsCsv = tmp.path("metrics.csv");
    double engineMs = 0;
    int64_t n = 0;
    const auto r = propagate(clip, tmp.path("restyled.mp4"), {k}, s, {}, ctx.stop,
                             [&](int64_t, const cv::Mat&, const FrameMetrics& m) {
                                 engineMs += m.ms;
                                 ++n;
                             });
    std::printf(
        "propagate warp/cartoon/dis-fast at 512 px: %.1f fps end to end (%lld frames in "
        "%.2f s), engine %.1f ms/frame\n",
        double(r.frames) / r.seconds, static_cast<long long>(r.frames), r.seconds,
        n ? engineMs / double(n) : 0.0);
    std::printf("peak memory: %.0f MiB\n", peakMemoryMiB());
    std::printf("mean reliable share: %.1f%%\n", 100.0 * r.meanReliableShare);
    editEveryFrame(clip, tmp.path("per-frame.mp4"), "cartoon", 512, ctx.stop);
    const double ours = meanWarpingError(tmp.path("restyled.mp4"), clip, 512, ctx.stop);
    const double naive = meanWarpingError(tmp.path("per-frame.mp4"), clip, 512, ctx.stop);
    std::printf(
        "flicker (Lai et al. warping error, lower is steadier): propagated %.5f, "
        "cartoon applied to every frame %.5f (%.1fx lower)\n",
        ours, naive, ours > 0 ? naive / ours : 0.0);
}

}  // namespace restyle::cli
