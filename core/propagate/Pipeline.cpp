#include "propagate/Pipeline.h"

#include <algorithm>
#include <chrono>
#include <deque>
#include <exception>
#include <optional>
#include <thread>

#include "common/Allocator.h"
#include "common/BoundedQueue.h"
#include "common/Error.h"
#include "common/FileUtil.h"
#include "common/ImageFile.h"
#include "common/Limits.h"
#include "common/Profile.h"
#include "edit/EditorRegistry.h"
#include "flow/Warp.h"
#include "media/ShotDetector.h"
#include "media/VideoReader.h"
#include "media/VideoWriter.h"
#include "propagate/BackwardPass.h"
#include "propagate/ColorMapping.h"
#include "propagate/PropagationEngine.h"
#include "propagate/StyleNetFill.h"
#include "propagate/TemporalSmoother.h"
#include "propagate/WarpEngine.h"

namespace restyle {

namespace {

using Clock = std::chrono::steady_clock;

std::vector<ResolvedKeyframe> resolveKeyframes(const std::string& clip, std::vector<Keyframe> keys,
                                               int maxSide, int64_t first, int64_t last,
                                               std::vector<std::string>& warnings) {
    if (keys.empty()) throw InputError("no keyframe: give an edited first frame or an editor");
    std::sort(keys.begin(), keys.end(),
              [](const Keyframe& a, const Keyframe& b) { return a.frame < b.frame; });
    VideoReader reader(clip, ReaderOptions{maxSide, 0});
    std::vector<ResolvedKeyframe> out;
    for (const auto& k : keys) {
        if (!out.empty() && out.back().frame == k.frame)
            throw InputError("two keyframes at frame " + std::to_string(k.frame));
        // The first keyframe after the range is kept: the range's last stretch blends toward
        // it (its backward pass), as in a run over the whole clip. A segment of a split job
        // (core/farm) relies on this to match the whole run.
        if (k.frame > last && !out.empty() && out.back().frame > last) break;
        if (k.frame < first)
            throw InputError("keyframe at frame " + std::to_string(k.frame) +
                             " is outside the frames processed (" + std::to_string(first) + "-" +
                             std::to_string(last) + ")");
        ResolvedKeyframe r;
        r.frame = k.frame;
        r.source = reader.frameAt(k.frame).image;
        std::shared_ptr<Editor> editor;
        if (!k.editor.empty()) {
            editor = createEditor(k.editor);
            r.params = resolveParams(editor->name(), editor->params(), k.params);
        }
        if (!k.image.empty())
            r.edited = loadEditImage(k.image, r.source.size());
        else if (editor)
            r.edited = editor->apply(r.source, r.params, &warnings);
        else
            throw InputError("keyframe at frame " + std::to_string(k.frame) +
                             " has neither an image nor an editor");
        if (editor && editor->reappliable()) r.editor = editor;
        out.push_back(std::move(r));
    }
    return out;
}

// The keyframe of a shot that has none: the editor applied afresh when there is one;
// otherwise the frame in the colours of the nearest painted keyframe, with a warning.
ResolvedKeyframe shotKeyframe(const std::vector<ResolvedKeyframe>& keys, const cv::Mat& frame,
                              int64_t t, std::vector<std::string>& warnings) {
    ResolvedKeyframe k;
    k.frame = t;
    k.source = frame.clone();
    const auto withEditor = std::find_if(keys.begin(), keys.end(),
                                         [](const ResolvedKeyframe& r) { return bool(r.editor); });
    if (withEditor != keys.end()) {
        k.editor = withEditor->editor;
        k.params = withEditor->params;
        k.edited = k.editor->apply(frame, k.params);
        return k;
    }
    const auto nearest =
        std::min_element(keys.begin(), keys.end(), [&](const auto& a, const auto& b) {
            return std::llabs(a.frame - t) < std::llabs(b.frame - t);
        });
    k.edited = ColorMapping(nearest->source, nearest->edited).apply(frame);
    warnings.push_back("the shot starting at frame " + std::to_string(t) +
                       " has no painted keyframe: it takes the colours of the keyframe at frame " +
                       std::to_string(nearest->frame) + " (paint a keyframe in it for its look)");
    return k;
}

// Every file a propagation reads: no output may be one of them.
std::vector<std::string> propagationInputs(const std::string& clip,
                                           const std::vector<Keyframe>& keys,
                                           const PropagationSettings& s) {
    std::vector<std::string> in{clip};
    auto addStrings = [&](const nlohmann::json& values) {
        if (!values.is_object()) return;
        for (const auto& [name, v] : values.items())
            if (v.is_string() && !v.get<std::string>().empty()) in.push_back(v.get<std::string>());
    };
    for (const auto& k : keys) {
        in.push_back(k.image);
        addStrings(k.params);  // file parameters (a LUT, a style image); others never match
    }
    addStrings(s.engineSettings);  // the model
    return in;
}

// Flow facts the output stage needs for a frame the engine may return later.
struct Pending {
    int64_t index;
    double seconds;
    bool keyframe;
    cv::Mat toPrevious, previousUnreliable;
};

struct Encoded {
    cv::Mat image;
    double seconds;
};

}  // namespace

PropagationResult propagate(const std::string& clip, const std::string& output,
                            const std::vector<Keyframe>& keyframes, const PropagationSettings& s,
                            const ProgressCallback& progress, std::stop_token stop,
                            const FrameCallback& onFrame) {
    const auto started = Clock::now();
    keepLargeBuffersResident();
    checkOutputs({output, s.metricsCsv}, propagationInputs(clip, keyframes, s));
    PropagationResult result;
    VideoReader reader(clip, ReaderOptions{s.maxSide, 0});
    const VideoInfo info = reader.info();
    checkProcessableSize(clip, reader.frameSize().width, reader.frameSize().height);
    if (info.frames <= 0)
        throw InputError(clip + ": no video frame could be decoded (truncated or corrupt file)");
    const int64_t first = s.firstFrame;
    const int64_t last = s.lastFrame < 0 ? info.frames - 1 : std::min(s.lastFrame, info.frames - 1);
    if (first < 0 || first > last)
        throw InputError(clip + ": frame range " + std::to_string(first) + "-" +
                         std::to_string(last) + " is empty or outside the clip (0-" +
                         std::to_string(info.frames - 1) + ")");
    if (s.temporalStrength < 0 || s.temporalStrength > 1)
        throw InputError("temporal strength must be 0-1");
    const auto keys = resolveKeyframes(clip, keyframes, s.maxSide, first, last, result.warnings);
    nlohmann::json engineSettings = s.engineSettings;
    if (!engineSettings.contains("seed")) engineSettings["seed"] = s.seed;
    if (!engineSettings.contains("device")) engineSettings["device"] = s.device;
    auto engine = createPropagationEngine(s.engine, engineSettings);
    if (auto* warp = dynamic_cast<WarpEngine*>(engine.get())) {
        if (s.fill)
            warp->setFill(s.fill);
        else if (engineSettings.value("fill", std::string()) == "style-net")
            warp->setFill(learnStyleNetFill(keys, engineSettings, progress, stop));
    }
    engine->prepare(keys, progress, stop);
    std::optional<MetricsCsv> csv;
    if (!s.metricsCsv.empty()) csv.emplace(s.metricsCsv);

    WriterOptions wo = writerOptionsFor(info, clip, s.audio, s.crf, s.preset);
    wo.bitDepth = s.bitDepth;
    const double firstSeconds = double(first) * info.fpsDen / info.fpsNum;
    if (s.audio) {
        wo.audioOffset += firstSeconds;
        if (s.lastFrame >= 0)
            wo.audioDuration = double(last - first + 1) * info.fpsDen / info.fpsNum;
    }
    VideoWriter writer(output, reader.frameSize(), wo);
    result.audio = writer.audioDescription();

    // Any stage failing stops the others.
    std::stop_source internal;
    std::stop_callback forward(stop, [&] { internal.request_stop(); });
    const std::stop_token halt = internal.get_token();
    struct Decoded {
        VideoFrame frame;
        bool shotStart = false;  // a cut or fade boundary before this frame
    };
    BoundedQueue<Decoded> decoded(6);
    BoundedQueue<Encoded> toEncode(6);
    std::exception_ptr decodeError, encodeError;

    std::thread decoder([&] {
        try {
            if (first > 0) reader.seek(first);
            VideoFrame f;
            ShotDetector shots;
            while (!halt.stop_requested() && reader.read(f) && f.index <= last) {
                const bool cut = shots.push(f.image, f.index);
                if (!decoded.push({f, cut})) break;
            }
        } catch (...) {
            decodeError = std::current_exception();
            internal.request_stop();
        }
        decoded.close();
    });
    std::thread encoder([&] {
        try {
            while (auto e = toEncode.pop())
                writer.write(e->image, e->seconds);
        } catch (...) {
            encodeError = std::current_exception();
            internal.request_stop();
            decoded.close();
        }
        toEncode.close();
    });

    // Flow stage: tracking, keyframe bookkeeping and the backward pass, one frame ahead of
    // the engine.
    struct Staged {
        FrameContext ctx;
        Pending pending;
    };
    BoundedQueue<Staged> staged(3);
    std::exception_ptr flowError;
    // Keyframes made at shots without one. Outlives the flow thread: the engine reads them.
    std::deque<ResolvedKeyframe> shotKeys;
    std::thread flower([&] {
        try {
            FlowSettings flowSettings = s.flow;
            if (!engine->usesAnchorFlow()) flowSettings.mode = FlowMode::Chained;  // steps only
            FlowTracker tracker(flowSettings, true);
            std::optional<BackwardPass> backward;
            const ResolvedKeyframe* previousKey = nullptr;
            const ResolvedKeyframe* nextKey = nullptr;
            bool firstFrame = true;
            while (auto d = decoded.pop()) {
                if (halt.stop_requested()) break;
                ScopedTimer flowTimer("pipeline.flow");
                const VideoFrame* f = &d->frame;
                const int64_t t = f->index;
                const auto isKey =
                    std::find_if(keys.begin(), keys.end(),
                                 [&](const ResolvedKeyframe& k) { return k.frame == t; });
                FrameContext ctx;
                ctx.index = t;
                ctx.source = f->image;
                // Never warp across a cut: a new shot starts from its own keyframe.
                const bool newShot = d->shotStart && isKey == keys.end();
                if (newShot) {
                    previousKey = nullptr;
                    const bool laterKeyInShot = nextKey && backward && backward->covers(t);
                    if (!laterKeyInShot) {
                        shotKeys.push_back(shotKeyframe(keys, f->image, t, result.warnings));
                        previousKey = &shotKeys.back();
                    }
                }
                if (isKey != keys.end() || (newShot && previousKey)) {
                    if (isKey != keys.end()) previousKey = &*isKey;
                    ctx.flow = tracker.setAnchor(f->image);
                } else if (firstFrame || newShot) {
                    ctx.flow = tracker.setAnchor(f->image);  // steps only: no keyframe yet
                } else {
                    ctx.flow = tracker.track(f->image);
                }
                firstFrame = false;
                ctx.previousKey = previousKey;
                // The keyframe after this frame: entering a new stretch runs the backward pass.
                const auto next =
                    std::find_if(keys.begin(), keys.end(),
                                 [&](const ResolvedKeyframe& k) { return k.frame > t; });
                const ResolvedKeyframe* nk = next == keys.end() ? nullptr : &*next;
                if (nk != nextKey) {
                    nextKey = nk;
                    if (nextKey) {
                        ScopedTimer backTimer("pipeline.backward-pass");
                        if (!backward) backward.emplace(clip, s.maxSide, s.flow);
                        backward->run(*nextKey, t, halt);
                    }
                }
                // The next keyframe helps only inside its shot (the backward pass stops at cuts).
                if (nextKey && isKey == keys.end() &&
                    backward->load(t, f->image.size(), ctx.nextWarped, ctx.nextUnreliable))
                    ctx.nextKey = nextKey;
                if (!ctx.previousKey && !ctx.nextKey) {
                    // The stretch before a shot's first keyframe, cut off from it.
                    shotKeys.push_back(shotKeyframe(keys, f->image, t, result.warnings));
                    previousKey = ctx.previousKey = &shotKeys.back();
                    ctx.flow = tracker.setAnchor(f->image);
                }
                ctx.shotStart = d->shotStart;
                // A new shot restarts the flicker removal as a keyframe does.
                Pending p{t, f->seconds, isKey != keys.end() || d->shotStart, ctx.flow.toPrevious,
                          ctx.flow.previousUnreliable};
                if (!staged.push({std::move(ctx), std::move(p)})) break;
            }
        } catch (...) {
            flowError = std::current_exception();
            internal.request_stop();
            decoded.close();
        }
        staged.close();
    });
    auto joinAll = [&] {
        decoded.close();
        staged.close();
        toEncode.close();
        decoder.join();
        flower.join();
        encoder.join();
    };
    auto rethrowStageErrors = [&] {
        for (auto e : {decodeError, flowError, encodeError})
            if (e) std::rethrow_exception(e);
    };

    try {
        TemporalSmoother smoother(
            s.temporalStrength,
            std::max(4.0, 0.03 * std::max(reader.frameSize().width, reader.frameSize().height)));
        std::deque<Pending> pending;
        ProgressMeter meter(last - first + 1);
        double warpSum = 0, reliableSum = 0;
        int64_t done = 0;
        double origin = -1;  // the first frame's time: output time 0

        auto emit = [&](const EngineOutput& out, double ms) {
            ScopedTimer emitTimer("pipeline.temporal+metrics");
            const Pending p = pending.front();
            pending.pop_front();
            FrameMetrics m;
            m.frame = p.index;
            m.reliableShare = out.reliableShare;
            m.ms = ms;
            cv::Mat final, previousWarped;  // the previous output warped to this frame
            if (p.keyframe) {
                if (!smoother.previous().empty() && !p.toPrevious.empty())
                    previousWarped = warpImage(smoother.previous(), p.toPrevious);
                smoother.reset();
                final = smoother.apply(out.image, cv::Mat(), cv::Mat());
            } else {
                final = smoother.apply(out.image, p.toPrevious, p.previousUnreliable);
                previousWarped = smoother.previousWarped();  // the smoother's own warp
            }
            if (!previousWarped.empty())
                m.warpError = warpingError(final, previousWarped, p.previousUnreliable);
            if (!toEncode.push({final, p.seconds - origin})) return;
            warpSum += m.warpError;
            reliableSum += m.reliableShare;
            if (csv) csv->add(m);
            if (onFrame) onFrame(m.frame, final, m);
            ++done;
            if (progress) progress(meter.update(done));
        };

        while (auto st = staged.pop()) {
            throwIfStopped(halt);
            const auto t0 = Clock::now();
            if (origin < 0) origin = st->pending.seconds;
            pending.push_back(st->pending);
            st->ctx.stop = halt;
            st->ctx.onWork = [&](double frames) {  // progress within a diffusion batch
                if (progress) progress(meter.update(done + int64_t(frames)));
            };
            const auto outs = engine->push(st->ctx);
            const double ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
            for (const auto& out : outs)
                emit(out, ms / double(outs.size()));
        }
        throwIfStopped(halt);
        rethrowStageErrors();
        for (const auto& out : engine->finish())
            emit(out, 0.0);
        joinAll();
        rethrowStageErrors();
        throwIfStopped(stop);
        if (csv) csv->flush();  // a CSV that cannot be written fails before the video appears
        writer.finish();
        if (csv) csv->close();
        result.frames = done;
        result.modelSeconds = engine->modelSeconds();
        result.meanWarpError = done ? warpSum / double(done) : 0;
        result.meanReliableShare = done ? reliableSum / double(done) : 0;
    } catch (...) {
        internal.request_stop();
        joinAll();
        rethrowStageErrors();
        throw;
    }
    result.seconds = std::chrono::duration<double>(Clock::now() - started).count();
    return result;
}

}  // namespace restyle
