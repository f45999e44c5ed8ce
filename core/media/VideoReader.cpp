#include "media/VideoReader.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <mutex>
#include <opencv2/core.hpp>
#include <vector>

#include "common/Error.h"
#include "common/FileUtil.h"
#include "media/Av.h"
#include "media/PacketTimes.h"
#include "media/PictureConverter.h"
#include "media/detail/VideoReaderImpl.h"

extern "C" {
#include <libavutil/display.h>
#include <libavutil/pixdesc.h>
}

namespace restyle {
namespace {

int rotationOf(const AVStream* stream) {
    const uint8_t* matrix = av_stream_get_side_data(stream, AV_PKT_DATA_DISPLAYMATRIX, nullptr);
    if (!matrix) return 0;
    const double ccw = av_display_rotation_get(reinterpret_cast<const int32_t*>(matrix));
    if (std::isnan(ccw)) return 0;
    int cw = int(std::lround(-ccw)) % 360;
    if (cw < 0) cw += 360;
    return ((cw + 45) / 90 % 4) * 90;  // nearest right angle
}

// AVI headers count frame slots, including the empty ones variable-timing encoders (and
// dropped frames) leave, so tree.avi says 444 where 68 frames are stored; trust only a scan.
bool countsSlots(const AVFormatContext* fmt) {
    return fmt->iformat && std::string(fmt->iformat->name) == "avi";
}

}  // namespace

void VideoReader::Impl::open() {
    checkReadableFile(path);
    fmt = av::openInput(path);
    const int vs = av_find_best_stream(fmt.get(), AVMEDIA_TYPE_VIDEO, -1, -1, nullptr, 0);
    if (vs < 0) av::throwInput(path, "has no video stream", 0);
    stream = fmt->streams[vs];
    for (unsigned i = 0; i < fmt->nb_streams; ++i)
        if (int(i) != vs) fmt->streams[i]->discard = AVDISCARD_ALL;
    dec = av::openDecoder(path, stream, options.threads);
    const AVCodecParameters* par = stream->codecpar;
    if (par->width <= 0 || par->height <= 0) av::throwInput(path, "video has no frame size", 0);

    info.path = path;
    info.rotation = rotationOf(stream);
    const bool swap = info.rotation == 90 || info.rotation == 270;
    info.width = swap ? par->height : par->width;
    info.height = swap ? par->width : par->height;
    AVRational rate = stream->avg_frame_rate;
    if (rate.num <= 0 || rate.den <= 0) rate = stream->r_frame_rate;
    if (rate.num <= 0 || rate.den <= 0) rate = AVRational{25, 1};
    info.fpsNum = rate.num;
    info.fpsDen = rate.den;
    info.timeBaseNum = stream->time_base.num;
    info.timeBaseDen = stream->time_base.den;
    if (stream->start_time != AV_NOPTS_VALUE)
        info.startTime = double(stream->start_time) * av_q2d(stream->time_base);
    info.videoCodec = avcodec_get_name(par->codec_id);
    const char* pixName = av_get_pix_fmt_name(AVPixelFormat(par->format));
    info.pixelFormat = pixName ? pixName : "unknown";
    const int as = av_find_best_stream(fmt.get(), AVMEDIA_TYPE_AUDIO, -1, -1, nullptr, 0);
    if (as >= 0) info.audioCodec = avcodec_get_name(fmt->streams[as]->codecpar->codec_id);

    if (stream->duration != AV_NOPTS_VALUE && stream->duration > 0)
        info.duration = double(stream->duration) * av_q2d(stream->time_base);
    else if (fmt->duration != AV_NOPTS_VALUE && fmt->duration > 0)
        info.duration = double(fmt->duration) / AV_TIME_BASE;
    if (stream->nb_frames > 0 && !countsSlots(fmt.get())) {
        info.frames = stream->nb_frames;
    } else {
        scanIndex();
        info.frames = int64_t(timestamps.size());
    }
    if (info.duration <= 0 && info.frames > 0) info.duration = double(info.frames) / info.fps();

    outSize = cv::Size(info.width, info.height);
    const int longer = std::max(info.width, info.height);
    if (options.maxSide > 0 && longer > options.maxSide) {
        const double s = double(options.maxSide) / longer;
        outSize = cv::Size(std::max(1, int(std::lround(info.width * s))),
                           std::max(1, int(std::lround(info.height * s))));
    }
}

bool VideoReader::Impl::decodeNext() {
    for (;;) {
        const int rc = avcodec_receive_frame(dec.get(), frame.get());
        if (rc == 0) {
            decodedPts = frame->best_effort_timestamp;
            if (frame->decode_error_flags || (frame->flags & AV_FRAME_FLAG_CORRUPT)) ++errors;
            return true;
        }
        if (rc == AVERROR_EOF) {
            decoderDrained = true;
            return false;
        }
        if (rc != AVERROR(EAGAIN)) {
            ++errors;  // a frame the decoder could not produce: skip it
            continue;
        }
        if (demuxDone) {
            // EAGAIN after the flush packet should not happen; treat as the end.
            return false;
        }
        const int r = av_read_frame(fmt.get(), pkt.get());
        if (r < 0) {
            demuxDone = true;
            avcodec_send_packet(dec.get(), nullptr);  // flush the delayed frames
            continue;
        }
        if (pkt->stream_index == stream->index) {
            const int64_t ts = timestampOf(pkt.get());
            dec->skip_frame = skipBefore != INT64_MIN && ts != AV_NOPTS_VALUE && ts < skipBefore
                                  ? AVDISCARD_NONREF
                                  : AVDISCARD_DEFAULT;
            const int s = avcodec_send_packet(dec.get(), pkt.get());
            if (s < 0 && s != AVERROR(EAGAIN)) ++errors;  // corrupt packet: skip, count
        }
        av_packet_unref(pkt.get());
    }
}

int64_t VideoReader::Impl::indexOf(int64_t pts) const {
    auto it = std::lower_bound(timestamps.begin(), timestamps.end(), pts);
    return int64_t(it - timestamps.begin());
}

void VideoReader::Impl::convert(VideoFrame& out) {
    out.image = pictures.toBgr(*frame, outSize, info.rotation, path);
    int64_t pts = frame->best_effort_timestamp;
    if (pts == AV_NOPTS_VALUE) pts = frame->pts;
    // Frames are numbered as decoded (after a seek, from its target): some AVIs' first packet
    // gives no picture, so the packet-timestamp table is one slot ahead of the pictures there,
    // and numbering by it would skip frame 0 (Megamind.avi; ffmpeg numbers as decoded too).
    out.index = nextIndex;
    if (out.index == 0 && firstPictureTs == AV_NOPTS_VALUE) firstPictureTs = pts;
    if (pts == AV_NOPTS_VALUE) {
        const AVRational perFrame = av_inv_q(AVRational{info.fpsNum, info.fpsDen});
        pts = av_rescale_q(out.index, perFrame, stream->time_base);
    }
    out.pts = pts;
    const int64_t start = stream->start_time != AV_NOPTS_VALUE ? stream->start_time : 0;
    out.seconds = double(pts - start) * av_q2d(stream->time_base);
    nextIndex = out.index + 1;
}

void VideoReader::Impl::ensureIndex() {
    if (indexed) return;
    scanIndex();
}

// The packet table, aligned with the pictures the decoder gives. Sequential reading needs no
// table, so only a fresh reader (or one that decoded frame 0) can be aligned; a reader opened
// for seeking decodes its first picture here, keeps it pending, and stays at frame 0.
void VideoReader::Impl::scanIndex() {
    const PacketTimes t = scanPacketTimes(path, stream->index);
    timestamps = t.ts;
    keyTimestamps = t.keyTs;
    timestampsFromDts = t.fromDts;
    indexed = true;
    if (firstPictureTs == AV_NOPTS_VALUE && nextIndex == 0 && !hasPending && !timestamps.empty() &&
        decodeNext()) {
        firstPictureTs = frame->best_effort_timestamp;
        hasPending = true;
    }
    alignIndex();
}

// Where the first picture's timestamp is past the table's first entry, the table counts
// packets that give no picture of their own. Decode timestamps (AVIs without pts) run one
// decoder delay behind the pictures throughout (Megamind.avi: packets 0-269, pictures 1-270):
// shift them all. Presentation timestamps are exact: the entries before the first picture
// are frames that cannot be decoded (leading B-frames of an open GOP): drop them.
void VideoReader::Impl::alignIndex() {
    if (firstPictureTs == AV_NOPTS_VALUE || timestamps.empty()) return;
    const int64_t delta = firstPictureTs - timestamps.front();
    if (delta <= 0) return;
    if (timestampsFromDts) {
        for (int64_t& ts : timestamps)
            ts += delta;
        for (int64_t& ts : keyTimestamps)
            ts += delta;
    } else {
        timestamps.erase(timestamps.begin(), timestamps.begin() + indexOf(firstPictureTs));
    }
}

void VideoReader::Impl::seekTo(int64_t ts) {
    int rc = -1;
    if (ts != INT64_MIN) rc = av_seek_frame(fmt.get(), stream->index, ts, AVSEEK_FLAG_BACKWARD);
    if (rc < 0) {
        // Rewind to the start, the way ffplay does.
        const int64_t start = fmt->start_time != AV_NOPTS_VALUE ? fmt->start_time : 0;
        rc = avformat_seek_file(fmt.get(), -1, INT64_MIN, start, start, 0);
        if (rc < 0) av::throwError(path, "cannot seek", rc);
    }
    avcodec_flush_buffers(dec.get());
    decodedPts = AV_NOPTS_VALUE;
    demuxDone = false;
    decoderDrained = false;
    hasPending = false;
}

VideoReader::VideoReader(const std::string& path, ReaderOptions options)
    : impl_(std::make_unique<Impl>()) {
    impl_->path = path;
    impl_->options = options;
    impl_->open();
}

VideoReader::~VideoReader() = default;

const VideoInfo& VideoReader::info() const {
    return impl_->info;
}
cv::Size VideoReader::frameSize() const {
    return impl_->outSize;
}
double VideoReader::scale() const {
    const VideoInfo& i = info();
    const int own = std::max(i.width, i.height);
    return own > 0 ? double(std::max(impl_->outSize.width, impl_->outSize.height)) / own : 1.0;
}
int64_t VideoReader::position() const {
    return impl_->nextIndex;
}
int64_t VideoReader::decodeErrors() const {
    return impl_->errors;
}

bool VideoReader::read(VideoFrame& out) {
    Impl& d = *impl_;
    if (d.hasPending) {
        d.hasPending = false;
    } else if (d.decoderDrained || !d.decodeNext()) {
        return false;
    }
    d.convert(out);
    return true;
}

VideoInfo probeVideo(const std::string& path) {
    VideoReader reader(path, ReaderOptions{0, 1});
    return reader.info();
}

}  // namespace restyle
