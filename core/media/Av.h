#pragma once
// The one place where libav C objects get RAII ownership and libav error codes become
// messages. Everything else in core/media uses these types.
#include <memory>
#include <string>

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/audio_fifo.h>
#include <libswresample/swresample.h>
#include <libswscale/swscale.h>
}

namespace restyle::av {

// "what (path): libav's reason", e.g. "cannot open input (a.mp4): Invalid data found".
std::string errorText(int code);
[[noreturn]] void throwInput(const std::string& path, const std::string& what, int code);
[[noreturn]] void throwError(const std::string& path, const std::string& what, int code);

struct InputContextDeleter {
    void operator()(AVFormatContext* c) const { avformat_close_input(&c); }
};
struct OutputContextDeleter {
    void operator()(AVFormatContext* c) const {
        if (c && c->pb && !(c->oformat->flags & AVFMT_NOFILE)) avio_closep(&c->pb);
        avformat_free_context(c);
    }
};
struct CodecContextDeleter {
    void operator()(AVCodecContext* c) const { avcodec_free_context(&c); }
};
struct FrameDeleter {
    void operator()(AVFrame* f) const { av_frame_free(&f); }
};
struct PacketDeleter {
    void operator()(AVPacket* p) const { av_packet_free(&p); }
};
struct SwsDeleter {
    void operator()(SwsContext* s) const { sws_freeContext(s); }
};
struct SwrDeleter {
    void operator()(SwrContext* s) const { swr_free(&s); }
};
struct AudioFifoDeleter {
    void operator()(AVAudioFifo* f) const { av_audio_fifo_free(f); }
};

using InputContext = std::unique_ptr<AVFormatContext, InputContextDeleter>;
using OutputContext = std::unique_ptr<AVFormatContext, OutputContextDeleter>;
using CodecContext = std::unique_ptr<AVCodecContext, CodecContextDeleter>;
using Frame = std::unique_ptr<AVFrame, FrameDeleter>;
using Packet = std::unique_ptr<AVPacket, PacketDeleter>;
using Sws = std::unique_ptr<SwsContext, SwsDeleter>;
using Swr = std::unique_ptr<SwrContext, SwrDeleter>;
using AudioFifo = std::unique_ptr<AVAudioFifo, AudioFifoDeleter>;

Frame makeFrame();
Packet makePacket();

// Opens `path` for demuxing and reads stream info; throws InputError naming the file.
InputContext openInput(const std::string& path);

// Opens a decoder for `stream` with `threads` threads (0 = auto).
CodecContext openDecoder(const std::string& path, const AVStream* stream, int threads);

// Quiets libav's own logging unless RESTYLE_AV_LOG is set: our errors carry the reason.
void initLogging();

}  // namespace restyle::av
