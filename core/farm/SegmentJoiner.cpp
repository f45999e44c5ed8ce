#include "farm/SegmentJoiner.h"

#include <cmath>
#include <filesystem>
#include <fstream>

#include "common/Error.h"
#include "common/FileUtil.h"
#include "media/AudioTrack.h"
#include "media/Av.h"
#include "media/VideoReader.h"
#include "media/VideoWriter.h"

namespace fs = std::filesystem;

namespace restyle {

namespace {

// Each segment is there and complete; the message names the first that is not.
void checkSegments(const JoinSpec& join) {
    for (size_t i = 0; i < join.segments.size(); ++i) {
        const SegmentSpec& s = join.segments[i];
        const fs::path log = fs::path(s.output).replace_extension(".log");
        const std::string seeLog = fs::exists(log) ? " (see " + log.string() + ")" : "";
        if (!fs::exists(s.output))
            throw Error(join.describe(i) + " did not finish: " + s.output +
                        " is missing; its job " + s.job + " failed or did not run" + seeLog);
        int64_t frames = -1;
        try {
            frames = probeVideo(s.output).frames;
        } catch (const Error& e) {
            throw Error(join.describe(i) + " is unreadable: " + e.what());
        }
        if (frames != s.frames())
            throw Error(join.describe(i) + " is incomplete: " + s.output + " has " +
                        std::to_string(frames) + " frames, not " + std::to_string(s.frames()) +
                        seeLog);
    }
}

int videoStreamOf(AVFormatContext* in, const std::string& path) {
    const int vs = av_find_best_stream(in, AVMEDIA_TYPE_VIDEO, -1, -1, nullptr, 0);
    if (vs < 0) throw Error(path + ": has no video stream");
    return vs;
}

bool sameParameters(const AVCodecParameters* a, const AVCodecParameters* b) {
    return a->codec_id == b->codec_id && a->width == b->width && a->height == b->height &&
           a->format == b->format && a->extradata_size == b->extradata_size &&
           (a->extradata_size == 0 ||
            std::equal(a->extradata, a->extradata + a->extradata_size, b->extradata));
}

// Whether every segment's video can be copied into one stream: one set of parameters
// (sequence and picture parameter sets included), a codec MP4 holds.
bool streamsCopyable(const JoinSpec& join) {
    const std::string& firstPath = join.segments[0].output;
    av::InputContext firstIn = av::openInput(firstPath);
    const AVCodecParameters* ref =
        firstIn->streams[videoStreamOf(firstIn.get(), firstPath)]->codecpar;
    if (avformat_query_codec(av_guess_format("mp4", nullptr, nullptr), ref->codec_id,
                             FF_COMPLIANCE_NORMAL) != 1)
        return false;
    for (size_t i = 1; i < join.segments.size(); ++i) {
        const std::string& path = join.segments[i].output;
        av::InputContext in = av::openInput(path);
        if (!sameParameters(ref, in->streams[videoStreamOf(in.get(), path)]->codecpar))
            return false;
    }
    return true;
}

// Removes the temporary file unless released.
struct TempFile {
    fs::path path;
    bool keep = false;
    ~TempFile() {
        std::error_code ec;
        if (!keep) fs::remove(path, ec);
    }
};

// Stream copy: each segment's packets, shifted to where its first frame belongs, with the
// source's audio interleaved.
JoinResult copyStreams(const JoinSpec& join, std::stop_token stop,
                       const ProgressCallback& progress) {
    JoinResult result;
    result.copied = true;
    TempFile tmp{temporarySibling(join.output)};
    AVFormatContext* raw = nullptr;
    int rc = avformat_alloc_output_context2(&raw, nullptr, "mp4", tmp.path.c_str());
    if (rc < 0 || !raw) av::throwError(join.output, "cannot create an MP4 muxer", rc);
    av::OutputContext out(raw);
    AVStream* video = avformat_new_stream(out.get(), nullptr);
    {
        av::InputContext in = av::openInput(join.segments[0].output);
        const AVStream* s = in->streams[videoStreamOf(in.get(), join.segments[0].output)];
        avcodec_parameters_copy(video->codecpar, s->codecpar);
        video->codecpar->codec_tag = 0;
        video->time_base = s->time_base;
        video->avg_frame_rate = s->avg_frame_rate;
    }
    std::unique_ptr<AudioTrack> audio;
    if (join.audio)
        audio = AudioTrack::create(join.source, out.get(), join.audioOffset, join.audioDuration);
    result.audio = audio ? audio->description() : "none";
    rc = avio_open(&out->pb, tmp.path.c_str(), AVIO_FLAG_WRITE);
    if (rc < 0) av::throwInput(join.output, "cannot be written", rc);
    AVDictionary* opts = nullptr;
    av_dict_set(&opts, "movflags", "+faststart", 0);
    rc = avformat_write_header(out.get(), &opts);
    av_dict_free(&opts);
    if (rc < 0) av::throwError(join.output, "cannot write the MP4 header", rc);

    const AVRational outTb = video->time_base;  // the muxer's choice, fixed by the header
    av::Packet pkt = av::makePacket();
    int64_t lastDts = INT64_MIN;
    int64_t endPts = INT64_MIN;  // where the frames written so far end
    ProgressMeter meter(join.last - join.first + 1);
    for (const SegmentSpec& seg : join.segments) {
        av::InputContext in = av::openInput(seg.output);
        const int vs = videoStreamOf(in.get(), seg.output);
        const AVStream* stream = in->streams[vs];
        const AVRational inTb = stream->time_base;
        const int64_t start = stream->start_time == AV_NOPTS_VALUE
                                  ? 0
                                  : av_rescale_q(stream->start_time, inTb, outTb);
        int64_t shift = std::llround(seg.offsetSeconds / av_q2d(outTb));
        if (endPts != INT64_MIN && start + shift < endPts) {
            // The plan put this segment over the previous one's last frame (the source's
            // timestamps and its frame index disagree): it follows that frame instead.
            result.warnings.push_back(seg.output + ": moved after the previous segment's end");
            shift = endPts - start;
        }
        while ((rc = av_read_frame(in.get(), pkt.get())) >= 0) {
            throwIfStopped(stop);
            if (pkt->stream_index != vs) {
                av_packet_unref(pkt.get());
                continue;
            }
            av_packet_rescale_ts(pkt.get(), inTb, outTb);
            pkt->pts += shift;
            pkt->dts += shift;
            // Decode order must rise across the seam; equal delays make it so already.
            if (pkt->dts <= lastDts) pkt->dts = lastDts + 1;
            if (pkt->dts > pkt->pts)
                throw Error(seg.output + ": cannot join its stream without re-encoding");
            lastDts = pkt->dts;
            endPts = std::max(endPts, pkt->pts + std::max<int64_t>(pkt->duration, 1));
            pkt->stream_index = video->index;
            pkt->pos = -1;
            if (audio) audio->writeUntil(double(pkt->pts) * av_q2d(outTb));
            rc = av_interleaved_write_frame(out.get(), pkt.get());
            if (rc < 0) av::throwError(join.output, "cannot write video (disk full?)", rc);
            ++result.frames;
            if (progress) progress(meter.update(result.frames));
        }
        if (rc != AVERROR_EOF) av::throwError(seg.output, "cannot read a packet", rc);
    }
    if (audio) audio->finish();
    rc = av_write_trailer(out.get());
    if (rc < 0) av::throwError(join.output, "cannot finish the MP4 file", rc);
    audio.reset();
    out.reset();
    std::error_code ec;
    fs::rename(tmp.path, join.output, ec);
    if (ec) throw Error(join.output + ": cannot rename the finished file: " + ec.message());
    tmp.keep = true;
    return result;
}

// One encode: every segment decoded and written at its frames' times.
JoinResult reencode(const JoinSpec& join, std::stop_token stop, const ProgressCallback& progress) {
    JoinResult result;
    const VideoInfo source = probeVideo(join.source);
    WriterOptions wo = writerOptionsFor(source, join.source, join.audio, join.crf, join.preset);
    wo.audioOffset = join.audioOffset;
    wo.audioDuration = join.audioDuration;
    std::unique_ptr<VideoWriter> writer;
    ProgressMeter meter(join.last - join.first + 1);
    const double frameSeconds = source.fps() > 0 ? 1.0 / source.fps() : 0.04;
    double end = -1;  // where the frames written so far end
    for (const SegmentSpec& seg : join.segments) {
        VideoReader reader(seg.output);
        if (!writer) writer = std::make_unique<VideoWriter>(join.output, reader.frameSize(), wo);
        VideoFrame f;
        double origin = -1;  // the segment's first frame: its output time 0
        double shift = seg.offsetSeconds;
        if (shift < end - 1e-6) {  // as in copyStreams: never over the previous segment
            result.warnings.push_back(seg.output + ": moved after the previous segment's end");
            shift = end;
        }
        while (reader.read(f)) {
            throwIfStopped(stop);
            if (origin < 0) origin = f.seconds;
            const double t = f.seconds - origin + shift;
            writer->write(f.image, t);
            end = std::max(end, t + frameSeconds);
            ++result.frames;
            if (progress) progress(meter.update(result.frames));
        }
    }
    result.audio = writer->audioDescription();
    writer->finish();
    return result;
}

// The segments' per-frame metrics, one header, as one CSV.
void joinMetrics(const JoinSpec& join) {
    if (join.metrics.empty()) return;
    std::string text;
    for (const SegmentSpec& seg : join.segments) {
        std::ifstream in(seg.metrics);
        if (!in) throw Error(seg.metrics + ": the segment's metrics are missing");
        std::string line;
        bool header = true;
        while (std::getline(in, line)) {
            if (!header || text.empty()) text += line + "\n";
            header = false;
        }
    }
    writeFileAtomically(join.metrics, text);
}

}  // namespace

JoinResult joinSegments(const JoinSpec& join, std::stop_token stop,
                        const ProgressCallback& progress) {
    checkSegments(join);
    checkOutputPath(join.output, join.source);
    JoinResult r =
        streamsCopyable(join) ? copyStreams(join, stop, progress) : reencode(join, stop, progress);
    joinMetrics(join);
    return r;
}

}  // namespace restyle
