#include <algorithm>

#include "common/Error.h"
#include "media/VideoReader.h"
#include "media/detail/VideoReaderImpl.h"

namespace restyle {

// Where the decoder already is in the target's GOP (no keyframe between its last picture and
// the target), decoding on is cheaper than a seek, which would restart at that GOP's start:
// random seeks within one long GOP then cost half the decoding on average.
bool VideoReader::Impl::decodesForwardTo(int64_t target) const {
    if (decoderDrained || decodedPts == AV_NOPTS_VALUE || target <= decodedPts ||
        keyTimestamps.empty())
        return false;
    auto key = std::upper_bound(keyTimestamps.begin(), keyTimestamps.end(), target);
    return key == keyTimestamps.begin() || *std::prev(key) <= decodedPts;
}

bool VideoReader::Impl::decodesOnTo(int64_t index) const {
    const bool closeAhead = index >= nextIndex && index - nextIndex < 12;
    return closeAhead || decodesForwardTo(timestamps[size_t(index)]);
}

int64_t VideoReader::framesToDecodeOn(int64_t index) {
    Impl& d = *impl_;
    d.ensureIndex();
    if (index < 0 || index >= int64_t(d.timestamps.size())) return -1;
    if (d.hasPending && index == d.nextIndex) return 0;
    return index >= d.nextIndex && d.decodesOnTo(index) ? index - d.nextIndex + 1 : -1;
}

std::unique_ptr<VideoReader> VideoReader::another() const {
    const Impl& d = *impl_;
    auto other = std::make_unique<VideoReader>(d.path, d.options);
    Impl& o = *other->impl_;
    if (d.indexed && !o.indexed) {
        o.timestamps = d.timestamps;
        o.keyTimestamps = d.keyTimestamps;
        o.timestampsFromDts = d.timestampsFromDts;
        o.firstPictureTs = d.firstPictureTs;
        o.indexed = true;
    }
    return other;
}

// Decodes on (`have`: a picture is already in `frame`) until frame `index`, at `target`, and
// keeps it pending for read().
void VideoReader::Impl::decodeUpTo(int64_t target, int64_t index, bool have) {
    while (have) {
        const int64_t pts = frame->best_effort_timestamp;
        if (pts == AV_NOPTS_VALUE || pts >= target) {
            hasPending = true;
            nextIndex = index;
            return;
        }
        have = decodeNext();
    }
    nextIndex = int64_t(timestamps.size());
}

void VideoReader::seek(int64_t index) {
    Impl& d = *impl_;
    d.ensureIndex();
    const auto count = int64_t(d.timestamps.size());
    if (index < 0 || index >= count)
        throw InputError(d.path + ": frame " + std::to_string(index) + " is out of range (0-" +
                         std::to_string(count - 1) + ")");
    if (d.hasPending && index == d.nextIndex) return;  // already there
    const int64_t target = d.timestamps[size_t(index)];
    // Skipping compares packet timestamps with the target: without pts they are decode
    // timestamps, a decoder delay behind the pictures (alignIndex), and a skipped B-frame
    // could be the target itself.
    d.skipBefore = d.timestampsFromDts ? INT64_MIN : target;
    struct Reset {
        Impl& d;
        ~Reset() {
            d.skipBefore = INT64_MIN;
            d.dec->skip_frame = AVDISCARD_DEFAULT;
        }
    } reset{d};
    if (d.decodesOnTo(index)) {
        d.hasPending = false;
        return d.decodeUpTo(target, index, !d.decoderDrained && d.decodeNext());
    }
    // Seek to a keyframe at or before the target; if the first frame decoded there is already
    // past the target (open GOPs, pts/dts skew), step further back, finally to the start.
    const int64_t first = d.timestamps.front();
    int64_t seekTs = target;
    int64_t step = std::max<int64_t>(1, (target - first) / 8);
    bool have = false;
    for (int attempt = 0;; ++attempt) {
        const bool fromStart = attempt >= 6 || seekTs <= first;
        d.seekTo(fromStart ? INT64_MIN : seekTs);
        have = d.decodeNext();
        if (!have || fromStart) break;
        const int64_t pts = d.frame->best_effort_timestamp;
        if (pts == AV_NOPTS_VALUE || pts <= target) break;
        seekTs -= step;
        step *= 2;
    }
    d.decodeUpTo(target, index, have);
}

std::vector<double> VideoReader::frameTimes() {
    Impl& d = *impl_;
    d.ensureIndex();
    std::vector<double> seconds;
    if (d.timestamps.empty()) return seconds;
    const int64_t start =
        d.stream->start_time != AV_NOPTS_VALUE ? d.stream->start_time : d.timestamps.front();
    seconds.reserve(d.timestamps.size());
    for (int64_t ts : d.timestamps)
        seconds.push_back(double(ts - start) * av_q2d(d.stream->time_base));
    return seconds;
}

VideoFrame VideoReader::frameAt(int64_t index) {
    seek(index);
    VideoFrame f;
    if (!read(f))
        throw InputError(impl_->path + ": frame " + std::to_string(index) + " cannot be decoded");
    return f;
}

VideoFrame VideoReader::keyframeAtOrBefore(int64_t index) {
    Impl& d = *impl_;
    d.ensureIndex();
    if (index < 0 || index >= int64_t(d.timestamps.size())) return frameAt(index);  // says why
    d.seekTo(d.timestamps[size_t(index)]);
    if (!d.decodeNext()) return frameAt(index);
    const int64_t pts = d.frame->best_effort_timestamp;
    // A demuxer may land past the target (no index entry before it): the exact path then.
    if (pts == AV_NOPTS_VALUE || d.indexOf(pts) > index) return frameAt(index);
    d.nextIndex = d.indexOf(pts);
    VideoFrame f;
    d.convert(f);
    return f;
}

}  // namespace restyle
