#include "propagate/BackwardPass.h"

#include <cstdio>
#include <fstream>
#include <vector>

#include "common/Error.h"
#include "common/Progress.h"
#include "flow/Warp.h"
#include "media/ShotDetector.h"
#include "media/VideoReader.h"
#include "propagate/ExposureFollow.h"
#include "propagate/Reliability.h"

namespace fs = std::filesystem;

namespace restyle {

namespace {

void writeRaw(const fs::path& p, const cv::Mat& m) {
    std::ofstream out(p, std::ios::binary);
    out.write(reinterpret_cast<const char*>(m.data), std::streamsize(m.total() * m.elemSize()));
    if (!out) throw Error(p.string() + ": cannot spill to the temporary folder (disk full?)");
}

bool readRaw(const fs::path& p, cv::Mat& m) {
    std::ifstream in(p, std::ios::binary);
    in.read(reinterpret_cast<char*>(m.data), std::streamsize(m.total() * m.elemSize()));
    return bool(in);
}

}  // namespace

BackwardPass::BackwardPass(std::string clip, int maxSide, FlowSettings flow)
    : clip_(std::move(clip)), maxSide_(maxSide), flow_(std::move(flow)) {}

fs::path BackwardPass::file(int64_t frame, const char* what) const {
    char name[48];
    std::snprintf(name, sizeof name, "%08lld.%s", static_cast<long long>(frame), what);
    return fs::path(dir_.path(name));
}

void BackwardPass::run(const ResolvedKeyframe& key, int64_t from, std::stop_token stop) {
    // Drop the previous stretch's spill.
    for (int64_t t = from_; t >= 0 && t < to_; ++t) {
        std::error_code ec;
        fs::remove(file(t, "warp"), ec);
        fs::remove(file(t, "mask"), ec);
    }
    from_ = from;
    to_ = key.frame;
    VideoReader reader(clip_, ReaderOptions{maxSide_, 0});
    FlowTracker tracker(flow_);
    tracker.setAnchor(key.source);
    ShotDetector shots;  // fed backward: a boundary ends the keyframe's reach
    shots.push(key.source, key.frame);
    for (int64_t end = key.frame - 1; end >= from; end -= kChunk) {
        const int64_t start = std::max(from, end - kChunk + 1);
        std::vector<cv::Mat> chunk;
        reader.seek(start);
        VideoFrame f;
        for (int64_t i = start; i <= end && reader.read(f); ++i)
            chunk.push_back(f.image);
        for (int64_t i = int64_t(chunk.size()) - 1; i >= 0; --i) {
            throwIfStopped(stop);
            const int64_t t = start + i;
            if (shots.push(chunk[size_t(i)], t)) {
                from_ = t + 1;  // frames up to t belong to an earlier shot
                return;
            }
            const AnchorFlow a = tracker.track(chunk[size_t(i)]);
            const cv::Mat& src = chunk[size_t(i)];
            const cv::Mat keySource = warpImage(key.source, a.toAnchor);
            writeRaw(file(t, "warp"), followExposure(warpImage(key.edited, a.toAnchor),
                                                     exposureGain(keySource, src)));
            writeRaw(file(t, "mask"), unexplainedPixels(keySource, src, a.unreliable));
        }
    }
}

bool BackwardPass::load(int64_t frame, cv::Size size, cv::Mat& warped, cv::Mat& unreliable) const {
    if (frame < from_ || frame >= to_) return false;
    warped.create(size, CV_8UC3);
    unreliable.create(size, CV_8U);
    return readRaw(file(frame, "warp"), warped) && readRaw(file(frame, "mask"), unreliable);
}

}  // namespace restyle
