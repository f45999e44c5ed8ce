#include "media/AudioTrack.h"

#include <cmath>

#include "common/Error.h"

extern "C" {
#include <libavutil/opt.h>
}

namespace restyle {

struct AudioTrack::Impl {
    std::string source;
    AVFormatContext* out = nullptr;
    AVStream* outStream = nullptr;
    av::InputContext in;
    AVStream* inStream = nullptr;
    double offset = 0.0;
    double duration = -1.0;
    bool copy = true;
    bool inputDone = false;
    av::Packet pkt = av::makePacket();
    std::string description;
    // Re-encoding only.
    av::CodecContext dec, enc;
    av::Swr swr;
    av::AudioFifo fifo;
    av::Frame decoded = av::makeFrame();
    int64_t nextSample = -1;  // output pts, in samples

    double sourceSeconds(int64_t ts) const { return double(ts) * av_q2d(inStream->time_base); }
    void setUpEncoder();
    void writePacket(AVPacket* p, AVRational from);
    void encodeFromFifo(bool flush);
    void decodeAndEncode(AVPacket* p);
};

AudioTrack::AudioTrack() : impl_(std::make_unique<Impl>()) {}
AudioTrack::~AudioTrack() = default;

std::unique_ptr<AudioTrack> AudioTrack::create(const std::string& source, AVFormatContext* out,
                                               double offset, double duration) {
    av::InputContext in = av::openInput(source);
    const int as = av_find_best_stream(in.get(), AVMEDIA_TYPE_AUDIO, -1, -1, nullptr, 0);
    if (as < 0) return nullptr;
    std::unique_ptr<AudioTrack> track(new AudioTrack());
    Impl& d = *track->impl_;
    d.source = source;
    d.out = out;
    d.in = std::move(in);
    d.inStream = d.in->streams[as];
    d.offset = offset;
    d.duration = duration;
    for (unsigned i = 0; i < d.in->nb_streams; ++i)
        if (int(i) != as) d.in->streams[i]->discard = AVDISCARD_ALL;
    const AVCodecID id = d.inStream->codecpar->codec_id;
    // Copy only what MP4 players and editors broadly accept; FFmpeg would also mux e.g.
    // Vorbis or Opus into MP4, but many tools then play no sound.
    const bool playable = id == AV_CODEC_ID_AAC || id == AV_CODEC_ID_MP3 || id == AV_CODEC_ID_AC3 ||
                          id == AV_CODEC_ID_EAC3 || id == AV_CODEC_ID_ALAC;
    d.copy = playable && avformat_query_codec(out->oformat, id, FF_COMPLIANCE_NORMAL) == 1;
    d.outStream = avformat_new_stream(out, nullptr);
    if (!d.outStream) throw Error("out of memory adding an audio stream");
    if (d.copy) {
        avcodec_parameters_copy(d.outStream->codecpar, d.inStream->codecpar);
        d.outStream->codecpar->codec_tag = 0;
        d.outStream->time_base = d.inStream->time_base;
        d.description = std::string("copied ") + avcodec_get_name(id);
    } else {
        d.setUpEncoder();
        d.description = std::string("re-encoded ") + avcodec_get_name(id) + " to aac";
    }
    if (offset > 0) {
        const int64_t ts = int64_t(offset / av_q2d(d.inStream->time_base));
        av_seek_frame(d.in.get(), as, ts, AVSEEK_FLAG_BACKWARD);
    }
    return track;
}

void AudioTrack::Impl::setUpEncoder() {
    dec = av::openDecoder(source, inStream, 1);
    const AVCodec* aac = avcodec_find_encoder(AV_CODEC_ID_AAC);
    if (!aac) throw Error("no AAC encoder in this FFmpeg build");
    enc.reset(avcodec_alloc_context3(aac));
    enc->sample_fmt = AV_SAMPLE_FMT_FLTP;
    enc->sample_rate = dec->sample_rate > 0 ? dec->sample_rate : 48000;
    // AAC's standard layouts go up to 5.1; anything else is mixed down to stereo.
    if (dec->ch_layout.nb_channels == 1)
        enc->ch_layout = AV_CHANNEL_LAYOUT_MONO;
    else if (dec->ch_layout.nb_channels == 6)
        enc->ch_layout = AV_CHANNEL_LAYOUT_5POINT1_BACK;
    else
        enc->ch_layout = AV_CHANNEL_LAYOUT_STEREO;
    enc->bit_rate = 64000 * std::min(enc->ch_layout.nb_channels, 2) + 32000;
    enc->time_base = AVRational{1, enc->sample_rate};
    if (out->oformat->flags & AVFMT_GLOBALHEADER) enc->flags |= AV_CODEC_FLAG_GLOBAL_HEADER;
    int rc = avcodec_open2(enc.get(), aac, nullptr);
    if (rc < 0) av::throwError(source, "cannot open the AAC encoder", rc);
    avcodec_parameters_from_context(outStream->codecpar, enc.get());
    outStream->time_base = enc->time_base;
    SwrContext* s = nullptr;
    AVChannelLayout inLayout = dec->ch_layout;
    if (inLayout.order == AV_CHANNEL_ORDER_UNSPEC)
        av_channel_layout_default(&inLayout, inLayout.nb_channels);
    rc = swr_alloc_set_opts2(&s, &enc->ch_layout, enc->sample_fmt, enc->sample_rate, &inLayout,
                             dec->sample_fmt, dec->sample_rate, 0, nullptr);
    swr.reset(s);
    if (rc < 0 || swr_init(swr.get()) < 0) av::throwError(source, "cannot resample the audio", rc);
    fifo.reset(av_audio_fifo_alloc(enc->sample_fmt, enc->ch_layout.nb_channels, 4096));
}

void AudioTrack::Impl::writePacket(AVPacket* p, AVRational from) {
    p->stream_index = outStream->index;
    av_packet_rescale_ts(p, from, outStream->time_base);
    const int rc = av_interleaved_write_frame(out, p);
    if (rc < 0) av::throwError(out->url, "cannot write audio", rc);
}

void AudioTrack::Impl::encodeFromFifo(bool flush) {
    const int frameSize = enc->frame_size > 0 ? enc->frame_size : 1024;
    av::Packet encoded = av::makePacket();
    while (av_audio_fifo_size(fifo.get()) >= frameSize ||
           (flush && av_audio_fifo_size(fifo.get()) > 0)) {
        const int n = std::min(frameSize, av_audio_fifo_size(fifo.get()));
        av::Frame f = av::makeFrame();
        f->nb_samples = n;
        av_channel_layout_copy(&f->ch_layout, &enc->ch_layout);
        f->format = enc->sample_fmt;
        f->sample_rate = enc->sample_rate;
        av_frame_get_buffer(f.get(), 0);
        av_audio_fifo_read(fifo.get(), reinterpret_cast<void**>(f->data), n);
        f->pts = nextSample;
        nextSample += n;
        avcodec_send_frame(enc.get(), f.get());
        while (avcodec_receive_packet(enc.get(), encoded.get()) == 0)
            writePacket(encoded.get(), enc->time_base);
    }
    if (flush) {
        avcodec_send_frame(enc.get(), nullptr);
        while (avcodec_receive_packet(enc.get(), encoded.get()) == 0)
            writePacket(encoded.get(), enc->time_base);
    }
}

void AudioTrack::Impl::decodeAndEncode(AVPacket* p) {
    if (avcodec_send_packet(dec.get(), p) < 0) return;  // corrupt audio packet: skip it
    while (avcodec_receive_frame(dec.get(), decoded.get()) == 0) {
        int64_t ts = decoded->best_effort_timestamp;
        const double t = ts == AV_NOPTS_VALUE ? 0.0 : sourceSeconds(ts) - offset;
        if (t < -1e-3) continue;  // before the output's start
        if (nextSample < 0) nextSample = std::llround(t * enc->sample_rate);
        const int maxOut = swr_get_out_samples(swr.get(), decoded->nb_samples);
        av::Frame conv = av::makeFrame();
        conv->nb_samples = maxOut;
        av_channel_layout_copy(&conv->ch_layout, &enc->ch_layout);
        conv->format = enc->sample_fmt;
        conv->sample_rate = enc->sample_rate;
        av_frame_get_buffer(conv.get(), 0);
        const int got =
            swr_convert(swr.get(), conv->data, maxOut,
                        const_cast<const uint8_t**>(decoded->extended_data), decoded->nb_samples);
        if (got > 0) av_audio_fifo_write(fifo.get(), reinterpret_cast<void**>(conv->data), got);
    }
    encodeFromFifo(false);
}

void AudioTrack::writeUntil(double seconds) {
    Impl& d = *impl_;
    while (!d.inputDone) {
        if (av_read_frame(d.in.get(), d.pkt.get()) < 0) {
            d.inputDone = true;
            break;
        }
        if (d.pkt->stream_index != d.inStream->index) {
            av_packet_unref(d.pkt.get());
            continue;
        }
        const int64_t ts = d.pkt->pts != AV_NOPTS_VALUE ? d.pkt->pts : d.pkt->dts;
        const double t = ts == AV_NOPTS_VALUE ? 0.0 : d.sourceSeconds(ts) - d.offset;
        if (d.duration >= 0 && t >= d.duration) {
            d.inputDone = true;
            av_packet_unref(d.pkt.get());
            break;
        }
        if (d.copy) {
            if (t >= -1e-3) {
                const int64_t shift =
                    int64_t(std::llround(d.offset / av_q2d(d.inStream->time_base)));
                if (d.pkt->pts != AV_NOPTS_VALUE) d.pkt->pts -= shift;
                if (d.pkt->dts != AV_NOPTS_VALUE) d.pkt->dts -= shift;
                d.writePacket(d.pkt.get(), d.inStream->time_base);
            }
        } else {
            d.decodeAndEncode(d.pkt.get());
        }
        av_packet_unref(d.pkt.get());
        if (t > seconds) break;
    }
}

void AudioTrack::finish() {
    writeUntil(1e30);
    Impl& d = *impl_;
    if (!d.copy) {
        d.decodeAndEncode(nullptr);
        d.encodeFromFifo(true);
    }
}

std::string AudioTrack::description() const {
    return impl_->description;
}

}  // namespace restyle
