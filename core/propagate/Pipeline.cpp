#include "propagate/Pipeline.h"

#include <algorithm>
#include <chrono>
#include <deque>
#include <exception>
#include <mutex>
#include <optional>

#include "common/Allocator.h"
#include "common/Error.h"
#include "common/FileUtil.h"
#include "common/ImageFile.h"
#include "common/Limits.h"
#include "common/Profile.h"
#include "edit/EditorRegistry.h"
#include "flow/Warp.h"
#include "media/VideoReader.h"
#include "media/VideoWriter.h"
#include "propagate/FlowStage.h"
#include "propagate/KeyframeResolver.h"
#include "propagate/LearnedStyle.h"
#include "propagate/OutputStage.h"
#include "propagate/PropagationEngine.h"
#include "propagate/RunCarry.h"
#include "propagate/RunOutput.h"
#include "propagate/RunProgress.h"
#include "propagate/StageThreads.h"
#include "propagate/StyleNetFill.h"
#include "propagate/WarpEngine.h"

namespace restyle {

namespace {

using Clock = std::chrono::steady_clock;

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
    if (!s.carryFrom.empty()) {
        in.push_back(s.carryFrom);
        for (const auto& f : RunCarry::files(s.carryFrom))
            in.push_back(f);
    }
    return in;
}

}  // namespace

RunRange runRange(const std::string& clip, const VideoInfo& info, const PropagationSettings& s) {
    if (info.frames <= 0)
        throw InputError(clip + ": no video frame could be decoded (truncated or corrupt file)");
    const int64_t first = s.firstFrame;
    const int64_t last = s.lastFrame < 0 ? info.frames - 1 : std::min(s.lastFrame, info.frames - 1);
    if (first < 0 || first > last)
        throw InputError(clip + ": frame range " + std::to_string(first) + "-" +
                         std::to_string(last) + " is empty or outside the clip (0-" +
                         std::to_string(info.frames - 1) + ")");
    return {first, last};
}

namespace {

// The engine chosen by name with its settings (the run's seed and device unless it has its
// own), its fill, and whatever it learns from the keyframes before the first frame.
std::unique_ptr<PropagationEngine> makeEngine(const PropagationSettings& s,
                                              const std::vector<ResolvedKeyframe>& keys,
                                              const ProgressCallback& progress,
                                              std::stop_token stop) {
    const nlohmann::json settings = runEngineSettings(s);
    auto engine = createPropagationEngine(s.engine, settings);
    if (auto* warp = dynamic_cast<WarpEngine*>(engine.get())) {
        if (s.fill)
            warp->setFill(s.fill);
        else if (settings.value("fill", std::string()) == "style-net")
            warp->setFill(learnStyleNetFill(keys, settings, progress, stop));
    }
    engine->prepare(keys, progress, stop);
    return engine;
}

// The output's encoder settings; the audio cut to the range.
WriterOptions writerOptions(const std::string& clip, const VideoInfo& info,
                            const PropagationSettings& s, RunRange r) {
    WriterOptions wo = writerOptionsFor(info, clip, s.audio, s.crf, s.preset);
    wo.bitDepth = s.bitDepth;
    if (s.audio) {
        wo.audioOffset += double(r.first) * info.fpsDen / info.fpsNum;
        if (s.lastFrame >= 0)
            wo.audioDuration = double(r.last - r.first + 1) * info.fpsDen / info.fpsNum;
    }
    return wo;
}

}  // namespace

PropagationResult propagate(const std::string& clip, const std::string& output,
                            const std::vector<Keyframe>& keyframes, const PropagationSettings& s,
                            const ProgressCallback& progress, std::stop_token stop,
                            const FrameCallback& onFrame) {
    const auto started = Clock::now();
    ScopedTimer runTimer("pipeline.run");
    keepLargeBuffersResident();
    std::vector<std::string> outputs{output, s.metricsCsv, s.carryTo};
    if (!s.carryTo.empty())
        for (const auto& f : RunCarry::files(s.carryTo))
            outputs.push_back(f);
    checkOutputs(outputs, propagationInputs(clip, keyframes, s));
    PropagationResult result;
    VideoReader reader(clip, ReaderOptions{s.maxSide, 0});
    const VideoInfo info = reader.info();
    checkProcessableSize(clip, reader.frameSize().width, reader.frameSize().height);
    const RunRange range = runRange(clip, info, s);
    const int64_t first = range.first, last = range.last;
    if (s.temporalStrength < 0 || s.temporalStrength > 1)
        throw InputError("temporal strength must be 0-1");
    std::vector<Keyframe> userKeys = keyframes;
    std::optional<RunCarry> carry;
    if (!s.carryFrom.empty()) {
        // The run before ended at first - 1: its output there is this run's keyframe.
        carry = RunCarry::load(s.carryFrom, reader.frameSize());
        if (carry->frame != first - 1)
            throw InputError(s.carryFrom + ": it carries frame " + std::to_string(carry->frame) +
                             ", but this run starts at frame " + std::to_string(first));
        userKeys.push_back({carry->frame, RunCarry::files(s.carryFrom)[0], "", {}});
    }
    const auto keys = resolveKeyframes(clip, userKeys, s.maxSide, first, last, result.warnings);
    const int64_t start = std::min(first, keys.front().frame);  // a lead-in from a keyframe before
    // The lead-in is work too. Reports come from the engine's threads and the output thread;
    // this outlives the engine.
    RunProgress runProgress(last - start + 1, progress);
    auto report = [&runProgress](int64_t frames) { runProgress.framesDone(frames); };
    auto engine = makeEngine(s, keys, runProgress.engineCallback(), stop);
    if (carry) engine->continueFrom(carry->engineState);
    std::optional<MetricsCsv> csv;
    if (!s.metricsCsv.empty()) csv.emplace(s.metricsCsv);
    VideoWriter writer(output, reader.frameSize(), writerOptions(clip, info, s, range));
    result.audio = writer.audioDescription();

    // The output thread's state outlives the threads (declared after it, they end first), as
    // does the flow stage: the engine reads the shot keyframes it makes.
    OutputStage outputStage(s.temporalStrength, reader.frameSize());
    RunOutput::Settings outputSettings{first};
    if (carry) outputSettings = {first, carry->frame, carry->written};
    RunOutput runOutput(writer, outputStage, outputSettings, csv ? &*csv : nullptr, onFrame,
                        report);
    FlowStage flowStage(clip, s, keys, *engine, result.warnings);
    StageThreads stages(reader, start, last, flowStage, stop, engine->framesHeldBack());
    const std::stop_token halt = stages.halt();

    try {
        std::deque<PendingFrame> pending;
        double origin = -1;  // the first written frame's time: output time 0
        // The engine's frames go to the output thread, and the engine goes on. Each image is
        // the output thread's own copy: an engine may draw into its buffers again meanwhile.
        auto emit = [&](const EngineOutput& out, double ms) {
            const PendingFrame p = pending.front();
            pending.pop_front();
            EngineOutput own{out.index, out.image.clone(), out.reliableShare};
            stages.output([&runOutput, own = std::move(own), ms, p, at = p.seconds - origin] {
                runOutput.add(own, ms, p, at);
            });
        };

        while (auto st = stages.next()) {
            throwIfStopped(halt);
            const auto t0 = Clock::now();
            if (origin < 0 && st->pending.index >= first) origin = st->pending.seconds;
            pending.push_back(st->pending);
            st->ctx.stop = halt;
            st->ctx.onWork = [&](double frames) {  // progress within a diffusion batch
                report(int64_t(frames));
            };
            const auto outs = engine->push(st->ctx);
            const double ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
            for (const auto& out : outs)
                emit(out, ms / double(outs.size()));
        }
        throwIfStopped(halt);
        for (auto outs = engine->finish(); !outs.empty(); outs = engine->finish())
            for (const auto& out : outs)
                emit(out, 0.0);
        stages.finish();
        throwIfStopped(stop);
        if (csv) csv->flush();  // a CSV that cannot be written fails before the video appears
        if (!s.carryTo.empty())  // before the video: a segment with output has its carry
            RunCarry{last, runOutput.lastOutput(), runOutput.lastWritten(), engine->carryState()}
                .save(s.carryTo);
        writer.finish();
        if (csv) csv->close();
        result.frames = runOutput.written();
        result.leadIn = runOutput.processed() - runOutput.written();
        result.modelSeconds = engine->modelSeconds();
        result.meanWarpError = runOutput.meanWarpError();
        result.meanReliableShare = runOutput.meanReliableShare();
    } catch (...) {
        stages.stopAndRethrowStageError();  // a failed stage is the cause of the stop
        throw;
    }
    result.seconds = std::chrono::duration<double>(Clock::now() - started).count();
    return result;
}

}  // namespace restyle
