#include "media/Av.h"

#include <cstdlib>
#include <mutex>

#include "common/Error.h"

namespace restyle::av {

std::string errorText(int code) {
    char buf[AV_ERROR_MAX_STRING_SIZE] = {0};
    av_strerror(code, buf, sizeof buf);
    return buf;
}

void throwInput(const std::string& path, const std::string& what, int code) {
    throw InputError(path + ": " + what + (code < 0 ? " (" + errorText(code) + ")" : ""));
}

void throwError(const std::string& path, const std::string& what, int code) {
    throw Error(path + ": " + what + (code < 0 ? " (" + errorText(code) + ")" : ""));
}

Frame makeFrame() {
    Frame f(av_frame_alloc());
    if (!f) throw Error("out of memory allocating a frame");
    return f;
}

Packet makePacket() {
    Packet p(av_packet_alloc());
    if (!p) throw Error("out of memory allocating a packet");
    return p;
}

void initLogging() {
    static std::once_flag once;
    std::call_once(once, [] {
        if (!std::getenv("RESTYLE_AV_LOG")) av_log_set_level(AV_LOG_QUIET);
    });
}

InputContext openInput(const std::string& path) {
    initLogging();
    AVFormatContext* raw = nullptr;
    int rc = avformat_open_input(&raw, path.c_str(), nullptr, nullptr);
    if (rc < 0) throwInput(path, "cannot open as a media file", rc);
    InputContext ctx(raw);
    rc = avformat_find_stream_info(ctx.get(), nullptr);
    if (rc < 0) throwInput(path, "cannot read stream information", rc);
    return ctx;
}

CodecContext openDecoder(const std::string& path, const AVStream* stream, int threads) {
    const AVCodec* codec = avcodec_find_decoder(stream->codecpar->codec_id);
    if (!codec)
        throwInput(
            path,
            std::string("no decoder for codec ") + avcodec_get_name(stream->codecpar->codec_id), 0);
    CodecContext ctx(avcodec_alloc_context3(codec));
    if (!ctx) throw Error("out of memory allocating a decoder");
    int rc = avcodec_parameters_to_context(ctx.get(), stream->codecpar);
    if (rc < 0) throwInput(path, "bad codec parameters", rc);
    ctx->thread_count = threads;
    ctx->thread_type = FF_THREAD_FRAME | FF_THREAD_SLICE;
    ctx->pkt_timebase = stream->time_base;
    rc = avcodec_open2(ctx.get(), codec, nullptr);
    if (rc < 0) throwInput(path, std::string("cannot open decoder ") + codec->name, rc);
    return ctx;
}

}  // namespace restyle::av
