#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <random>
#include <vector>

#include "cli/Bench.h"
#include "common/ResourceUsage.h"
#include "media/PlayheadCache.h"
#include "media/SampleClip.h"
#include "media/VideoReader.h"
#include "media/VideoWriter.h"

namespace restyle::cli {

using Clock = std::chrono::steady_clock;

static double secondsSince(Clock::time_point t) {
    return std::chrono::duration<double>(Clock::now() - t).count();
}

static void printMedian(const char* what, std::vector<double> ms) {
    std::sort(ms.begin(), ms.end());
    std::printf("%s: median %.1f ms, worst %.1f ms\n", what, ms[ms.size() / 2], ms.back());
}

// What the viewer does (960 px, PlayheadCache): a jump to a frame, then 30 steps back and
// 30 steps forward from it, reading ahead between forward steps as the idle GUI does.
static void benchSteps(const std::string& clip, const Context& ctx, int64_t start) {
    VideoReader reader(clip, ReaderOptions{960, 0});
    PlayheadCache cache(reader);
    const int64_t frames = reader.info().frames;
    start = std::clamp<int64_t>(start, 30, std::max<int64_t>(30, frames - 31));
    if (frames < 61) return;
    cache.frame(start);
    std::vector<double> back, forward;
    for (int64_t i = start - 1; i >= start - 30; --i) {
        throwIfStopped(ctx.stop);
        const auto t0 = Clock::now();
        cache.frame(i);
        back.push_back(secondsSince(t0) * 1000.0);
    }
    cache.frame(start);
    for (int64_t i = start + 1; i <= start + 30; ++i) {
        throwIfStopped(ctx.stop);
        cache.readAhead(4);  // the GUI reads ahead while the artist looks at a frame
        const auto t0 = Clock::now();
        cache.frame(i);
        forward.push_back(secondsSince(t0) * 1000.0);
    }
    printMedian("viewer, step back one frame (960 px, 30 steps)", back);
    printMedian("viewer, step forward one frame (960 px, 30 steps)", forward);
}

// What the viewer does on a click anywhere on the timeline (960 px, PlayheadCache): 30 random
// jumps, with one decoder and with the viewer's three parked decoders.
static void benchJumps(const std::string& clip, const Context& ctx) {
    for (const int decoders : {1, 3}) {
        VideoReader reader(clip, ReaderOptions{960, 0});
        PlayheadCache cache(reader, 48, 16, decoders);
        cache.frame(0);  // builds the index outside the measurement
        std::mt19937 rng(2);
        std::uniform_int_distribution<int64_t> pick(0, std::max<int64_t>(0, reader.info().frames - 1));
        std::vector<double> ms, decoded;  // all jumps; those not served from memory
        for (int i = 0; i < 30; ++i) {
            throwIfStopped(ctx.stop);
            const int64_t idx = pick(rng);
            const bool inMemory = !cache.cached(idx).empty();
            const auto t0 = Clock::now();
            cache.frame(idx);
            ms.push_back(secondsSince(t0) * 1000.0);
            if (!inMemory) decoded.push_back(ms.back());
        }
        const std::string what = "viewer, jump to a random frame (960 px, 30 jumps, " +
                                 std::to_string(decoders) + " decoder" + (decoders > 1 ? "s" : "") +
                                 ", " + std::to_string(30 - decoded.size()) + " from memory)";
        printMedian(what.c_str(), ms);
        if (!decoded.empty()) printMedian("  of those, the decoded jumps", decoded);
    }
}

void benchIo(const std::string& clipArg, const Context& ctx) {
    TempDir tmp;
    std::string clip = clipArg;
    if (clip.empty()) {
        clip = tmp.path("bench.mp4");
        std::cout << "generating a 1280x720, 150-frame sample clip\n";
        writeSampleClip(clip, SampleClipOptions{1280, 720, 150, 30, 7});
    }
    VideoReader reader(clip);
    const VideoInfo info = reader.info();
    std::cout << "clip: " << clip << " (" << info.width << "x" << info.height << ", " << info.frames
              << " frames, " << info.videoCodec << ")\n";

    auto t0 = Clock::now();
    VideoFrame f;
    int64_t decoded = 0;
    std::vector<cv::Mat> keep;  // up to 60 frames for the encode measure
    while (reader.read(f)) {
        throwIfStopped(ctx.stop);
        if (keep.size() < 60) keep.push_back(f.image);
        ++decoded;
    }
    const double decodeFps = double(decoded) / secondsSince(t0);
    std::printf("decode: %.1f fps (%lld frames)\n", decodeFps, (long long)decoded);

    for (const char* preset : {"veryfast", "medium"}) {
        WriterOptions wo;
        wo.fpsNum = info.fpsNum;
        wo.fpsDen = info.fpsDen;
        wo.preset = preset;
        t0 = Clock::now();
        VideoWriter writer(tmp.path(std::string("enc-") + preset + ".mp4"), reader.frameSize(), wo);
        for (const auto& m : keep)
            writer.write(m);
        writer.finish();
        std::printf("encode (%s, crf 18): %.1f fps\n", preset,
                    double(keep.size()) / secondsSince(t0));
    }
    keep.clear();

    std::mt19937 rng(1);
    std::uniform_int_distribution<int64_t> pick(0, std::max<int64_t>(0, info.frames - 1));
    std::vector<double> ms;
    reader.seek(0);  // builds the index outside the measurement
    for (int i = 0; i < 30; ++i) {
        throwIfStopped(ctx.stop);
        const int64_t idx = pick(rng);
        t0 = Clock::now();
        reader.frameAt(idx);
        ms.push_back(secondsSince(t0) * 1000.0);
    }
    std::sort(ms.begin(), ms.end());
    std::printf("seek (frame-exact, 30 random): median %.1f ms, worst %.1f ms\n", ms[ms.size() / 2],
                ms.back());
    // What the GUI shows while the playhead is dragged: the keyframe at or before the frame.
    ms.clear();
    for (int i = 0; i < 30; ++i) {
        throwIfStopped(ctx.stop);
        const int64_t idx = pick(rng);
        t0 = Clock::now();
        reader.keyframeAtOrBefore(idx);
        ms.push_back(secondsSince(t0) * 1000.0);
    }
    std::sort(ms.begin(), ms.end());
    std::printf("scrub preview while dragging (keyframe at or before, 30 random): median %.1f ms, "
                "worst %.1f ms\n",
                ms[ms.size() / 2], ms.back());
    benchJumps(clip, ctx);
    benchSteps(clip, ctx, pick(rng));
    std::printf("peak memory: %.0f MiB\n", peakMemoryMiB());
}

}  // namespace restyle::cli
