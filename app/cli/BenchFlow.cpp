#include <chrono>
#include <cstdio>
#include <opencv2/core/utility.hpp>
#include <opencv2/imgproc.hpp>

#include "cli/Bench.h"
#include "common/ResourceUsage.h"
#include "flow/FlowPair.h"
#include "flow/FlowTracker.h"
#include "media/SampleClip.h"
#include "media/VideoReader.h"

namespace restyle::cli {

namespace {

using Clock = std::chrono::steady_clock;

// Forward + backward flow pairs per second over consecutive frames.
double pairsPerSecond(FlowPairEngine& engine, const std::vector<cv::Mat>& frames,
                      const Context& ctx) {
    engine.compute(frames[0], frames[1]);  // warm-up
    const auto t0 = Clock::now();
    int pairs = 0;
    double elapsed = 0;
    for (size_t i = 1; elapsed < 2.0 || pairs < 3; i = i % (frames.size() - 1) + 1) {
        throwIfStopped(ctx.stop);
        engine.compute(frames[i - 1], frames[i]);
        ++pairs;
        elapsed = std::chrono::duration<double>(Clock::now() - t0).count();
    }
    return pairs / elapsed;
}

std::vector<cv::Mat> framesAt(const std::vector<cv::Mat>& frames, cv::Size size) {
    std::vector<cv::Mat> out;
    for (const auto& f : frames) {
        cv::Mat r;
        cv::resize(f, r, size, 0, 0, cv::INTER_AREA);
        out.push_back(r);
    }
    return out;
}

}  // namespace

void benchFlow(const std::string& clip, const Context& ctx) {
    std::vector<cv::Mat> frames;
    std::string source = "generated sample scene";
    if (!clip.empty()) {
        VideoReader reader(clip);
        VideoFrame f;
        while (frames.size() < 12 && reader.read(f))
            frames.push_back(f.image);
        source = clip;
    } else {
        SampleScene scene(SampleClipOptions{1280, 720, 12, 30, 7});
        for (int i = 0; i < 12; ++i)
            frames.push_back(scene.frame(i));
    }
    if (frames.size() < 2) throw Error(source + ": fewer than two frames");
    const cv::Size clipSize = frames[0].size();
    std::printf("source: %s, %dx%d; figures are forward+backward flow pairs per second\n",
                source.c_str(), clipSize.width, clipSize.height);
    const auto square = framesAt(frames, cv::Size(512, 512));
    const int cores = cv::getNumberOfCPUs();
    // 1 thread: forward then backward on one core. 2 threads: the two run concurrently, each
    // single-threaded (FlowPairEngine), which is what the tracker does.
    cv::setNumThreads(1);
    for (const auto& method : flowMethods()) {
        for (int threads : {1, 2}) {
            FlowPairEngine engine(method, "auto", threads == 2);
            const bool slow = method == "deepflow";
            const double at512 = pairsPerSecond(engine, square, ctx);
            const double atClip = slow ? 0.0 : pairsPerSecond(engine, frames, ctx);
            if (slow)
                std::printf("flow %-14s threads %d: 512x512 %7.1f pairs/s\n", method.c_str(),
                            threads, at512);
            else
                std::printf("flow %-14s threads %d: 512x512 %7.1f pairs/s, %dx%d %7.1f pairs/s\n",
                            method.c_str(), threads, at512, clipSize.width, clipSize.height,
                            atClip);
        }
    }
    cv::setNumThreads(cores);
    // The anchored tracker per frame (what propagation pays): steps + refinement + occlusion.
    for (auto mode : {FlowMode::Direct, FlowMode::Chained, FlowMode::ChainedRefined}) {
        FlowSettings s;
        s.mode = mode;
        FlowTracker tracker(s);
        tracker.setAnchor(square[0]);
        const auto t0 = Clock::now();
        for (size_t i = 1; i < square.size(); ++i)
            tracker.track(square[i]);
        const double ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count() /
                          double(square.size() - 1);
        std::printf("tracker dis-fast %-16s 512x512: %6.1f ms/frame (%5.1f fps)\n",
                    flowModeName(mode).c_str(), ms, 1000.0 / ms);
    }
    std::printf("peak memory: %.0f MiB\n", peakMemoryMiB());
}

}  // namespace restyle::cli
