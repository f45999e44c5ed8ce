#include "farm/SegmentPlanner.h"

#include <algorithm>
#include <climits>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "common/Error.h"
#include "common/FileUtil.h"
#include "media/ShotDetector.h"
#include "media/VideoReader.h"
#include "propagate/DiffusionEngine.h"

namespace fs = std::filesystem;

namespace restyle {

std::vector<FrameRange> segmentRanges(int64_t first, int64_t last,
                                      const std::vector<int64_t>& keyframes, int count) {
    std::vector<int64_t> starts{first};
    std::vector<int64_t> keys = keyframes;
    std::sort(keys.begin(), keys.end());
    for (int64_t k : keys)
        if (k > first && k <= last && k != starts.back()) starts.push_back(k);
    if (count > 0 && size_t(count) < starts.size()) {
        // Keep the keyframe starts closest to equal shares of the range.
        std::vector<int64_t> chosen{first};
        const double share = double(last - first + 1) / count;
        for (int i = 1; i < count; ++i) {
            const double target = double(first) + share * i;
            int64_t best = -1;
            for (int64_t s : starts)
                if (s > chosen.back() &&
                    (best < 0 || std::abs(s - target) < std::abs(best - target)))
                    best = s;
            if (best < 0) break;
            chosen.push_back(best);
        }
        starts = chosen;
    }
    std::vector<FrameRange> ranges;
    for (size_t i = 0; i < starts.size(); ++i)
        ranges.push_back({starts[i], i + 1 < starts.size() ? starts[i + 1] - 1 : last});
    return ranges;
}

namespace {

std::string segmentName(const std::string& stem, size_t index, const char* ext) {
    char buf[32];
    std::snprintf(buf, sizeof buf, ".seg%03zu", index);
    return stem + buf + ext;
}

std::string readText(const fs::path& path) {
    std::ifstream in(path);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

// Shot cuts where a segment may start: the whole run restyles such a shot afresh at its first
// frame with the job's first editor keyframe, as a keyframe there would. Cuts followed by a
// keyframe in the same shot are left out (that shot's start depends on the keyframe's
// backward pass), and so are all cuts of a job without an editor keyframe (a shot then takes
// a painted keyframe's colours, which no keyframe in a job can say).
struct ShotStarts {
    std::vector<int64_t> frames;
    const Keyframe* editor = nullptr;  // the keyframe whose editor restyles them
    std::vector<int64_t> cuts;         // every cut in the range
};

ShotStarts shotStarts(const Job& job, int64_t first, int64_t last) {
    ShotStarts s;
    std::vector<const Keyframe*> keys;
    for (const auto& k : job.keyframes)
        if (k.frame >= first) keys.push_back(&k);
    std::sort(keys.begin(), keys.end(), [](auto* a, auto* b) { return a->frame < b->frame; });
    for (const Keyframe* k : keys)
        if (!k->editor.empty()) {
            s.editor = k;
            break;
        }
    for (int64_t c : detectCuts(job.input))
        if (c > first && c <= last) s.cuts.push_back(c);
    if (!s.editor) return s;
    for (size_t i = 0; i < s.cuts.size(); ++i) {
        const int64_t shotEnd = i + 1 < s.cuts.size() ? s.cuts[i + 1] : INT64_MAX;
        const bool keyed = std::any_of(keys.begin(), keys.end(), [&](const Keyframe* k) {
            return k->frame >= s.cuts[i] && k->frame < shotEnd;
        });
        if (!keyed) s.frames.push_back(s.cuts[i]);
    }
    return s;
}

// Where a diffusion job may also split: after the last frame of each batch, whose output is
// the next batch's anchor (the segment after it continues from its carry). Batches count
// from each keyframe and each shot cut, where the engine starts over (it has no backward
// pass, so every cut starts a shot of its own).
std::vector<int64_t> batchStarts(const Job& job, int64_t first, int64_t last,
                                 const ShotStarts& shots) {
    if (job.settings.engine != "diffusion") return {};
    const auto engine = DiffusionEngine::Settings::fromJson(job.settings.engineSettings);
    const int64_t batch = int64_t(engine.batch - 1) * engine.keyframeInterval;
    std::vector<int64_t> starts = shots.cuts, ends = shots.cuts;
    for (const auto& k : job.keyframes) {
        starts.push_back(k.frame);
        ends.push_back(k.frame);
    }
    ends.push_back(last + 1);
    std::vector<int64_t> out;
    for (int64_t s : starts) {
        int64_t end = INT64_MAX;  // the next keyframe or cut
        for (int64_t e : ends)
            if (e > s) end = std::min(end, e);
        for (int64_t b = s + batch; b + 1 < end; b += batch)
            if (b >= first) out.push_back(b + 1);
    }
    return out;
}

// The job for one segment: the whole job's settings on its frames, with the keyframes inside
// it and the first one after it (the last stretch blends toward it, unless a cut lies
// between), the shot's editor keyframe when it starts at a cut, no audio (the join takes the
// source's) and its own output.
Job segmentJob(const Job& job, const FrameRange& r, const SegmentSpec& spec,
               const ShotStarts& shots) {
    Job seg = job;
    seg.output = spec.output;
    seg.settings.firstFrame = r.first;
    seg.settings.lastFrame = r.last;
    seg.settings.audio = false;
    seg.settings.metricsCsv = spec.metrics;
    seg.keyframes.clear();
    std::vector<Keyframe> keys = job.keyframes;
    std::sort(keys.begin(), keys.end(),
              [](const Keyframe& a, const Keyframe& b) { return a.frame < b.frame; });
    if (std::count(shots.frames.begin(), shots.frames.end(), r.first) &&
        std::none_of(keys.begin(), keys.end(), [&](const Keyframe& k) { return k.frame == r.first; })) {
        Keyframe start = *shots.editor;
        start.frame = r.first;
        start.image.clear();
        seg.keyframes.push_back(start);
    }
    for (const auto& k : keys) {
        if (k.frame < r.first) continue;
        const bool cutBefore = std::any_of(shots.cuts.begin(), shots.cuts.end(),
                                           [&](int64_t c) { return c > r.last && c <= k.frame; });
        if (k.frame > r.last && cutBefore) break;
        seg.keyframes.push_back(k);
        if (k.frame > r.last) break;
    }
    return seg;
}

// Writes the segment job; when an earlier, different plan left one there, or `stale` (the
// segment it continues is redone), removes what it made. Returns whether it did.
bool writeSegmentJob(const Job& seg, const SegmentSpec& spec, bool stale) {
    const std::string text = seg.toJson().dump(2) + "\n";
    stale = stale || (fs::exists(spec.job) && readText(spec.job) != text);
    if (stale) {
        std::error_code ec;
        fs::remove(spec.output, ec);
        if (!spec.metrics.empty()) fs::remove(spec.metrics, ec);
        if (!seg.settings.carryTo.empty()) fs::remove(seg.settings.carryTo, ec);
    }
    writeFileAtomically(spec.job, text);
    return stale;
}

}  // namespace

Plan planSegments(const Job& job, const std::string& outDir, int count) {
    if (fs::path(job.output).extension() != ".mp4")
        throw InputError(job.output + ": a split job must write an MP4 (the join muxes MP4)");
    std::error_code ec;
    fs::create_directories(outDir, ec);
    if (!fs::is_directory(outDir))
        throw InputError(outDir + ": cannot make the folder for the segments");
    const fs::path dir = fs::absolute(outDir).lexically_normal();

    VideoReader reader(job.input, ReaderOptions{64, 1});  // timestamps only: decode small
    const VideoInfo info = reader.info();
    const PropagationSettings& s = job.settings;
    const int64_t first = s.firstFrame;
    const int64_t last =
        s.lastFrame < 0 ? info.frames - 1 : std::min<int64_t>(s.lastFrame, info.frames - 1);
    if (first > last)
        throw InputError(job.input + ": frame range " + std::to_string(first) + "-" +
                         std::to_string(last) + " is empty or outside the clip");

    Plan plan;
    JoinSpec& j = plan.join;
    j.source = job.input;
    j.output = job.output;
    j.first = first;
    j.last = last;
    j.audio = s.audio;
    j.audioOffset = info.startTime + double(first) * info.fpsDen / info.fpsNum;  // as propagate
    j.audioDuration = s.lastFrame >= 0 ? double(last - first + 1) * info.fpsDen / info.fpsNum : -1;
    j.crf = s.crf;
    j.preset = s.preset;
    j.metrics = s.metricsCsv;

    const ShotStarts shots = shotStarts(job, first, last);
    std::vector<int64_t> starts = shots.frames;
    for (const auto& k : job.keyframes)
        starts.push_back(k.frame);
    auto ranges = segmentRanges(first, last, starts, count);
    // More segments than keyframes and cuts give: a diffusion job's pieces continue one
    // another from batch boundaries (they run in order, each on any node).
    const std::vector<int64_t> carried = batchStarts(job, first, last, shots);
    if (count > 0 && size_t(count) > ranges.size() && !carried.empty()) {
        std::vector<int64_t> all = starts;
        all.insert(all.end(), carried.begin(), carried.end());
        ranges = segmentRanges(first, last, all, count);
    }
    auto continues = [&](int64_t frame) {
        return std::count(carried.begin(), carried.end(), frame) &&
               !std::count(starts.begin(), starts.end(), frame);
    };
    if (count > 0 && size_t(count) > ranges.size())
        plan.warnings.push_back(
            "only " + std::to_string(ranges.size()) +
            " segments: a segment must start at a keyframe or a shot cut (or, with the "
            "diffusion engine, after a batch)");
    if (!shots.cuts.empty() && !shots.editor)
        plan.warnings.push_back("shot cuts are not segment starts: the job has no editor keyframe "
                                "to restyle a shot afresh");
    const std::string stem = fs::path(job.output).stem().string();
    const double origin = reader.frameAt(first).seconds;
    bool redone = false;  // the segment before was written afresh
    for (size_t i = 0; i < ranges.size(); ++i) {
        SegmentSpec spec;
        spec.first = ranges[i].first;
        spec.last = ranges[i].last;
        spec.offsetSeconds = i == 0 ? 0.0 : reader.frameAt(spec.first).seconds - origin;
        spec.job = (dir / segmentName(stem, i, ".json")).string();
        spec.output = (dir / segmentName(stem, i, ".mp4")).string();
        if (!s.metricsCsv.empty()) spec.metrics = (dir / segmentName(stem, i, ".csv")).string();
        Job seg = segmentJob(job, ranges[i], spec, shots);
        if (i > 0 && continues(spec.first)) {
            spec.after = int(i - 1);
            seg.settings.carryFrom = (dir / segmentName(stem, i - 1, ".carry.json")).string();
        }
        if (i + 1 < ranges.size() && continues(ranges[i + 1].first))
            seg.settings.carryTo = (dir / segmentName(stem, i, ".carry.json")).string();
        redone = writeSegmentJob(seg, spec, spec.after >= 0 && redone);
        j.segments.push_back(spec);
    }
    plan.joinPath = (dir / (stem + ".join.json")).string();
    j.save(plan.joinPath);
    return plan;
}

std::vector<size_t> missingSegments(const JoinSpec& join) {
    std::vector<size_t> missing;
    for (size_t i = 0; i < join.segments.size(); ++i)
        if (!fs::exists(join.segments[i].output)) missing.push_back(i);
    return missing;
}

}  // namespace restyle
