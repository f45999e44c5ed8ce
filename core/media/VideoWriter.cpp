#include "media/VideoWriter.h"

#include <cmath>
#include <filesystem>
#include <opencv2/core.hpp>

#include "common/Error.h"
#include "common/FileUtil.h"
#include "media/AudioTrack.h"
#include "media/Av.h"
#include "media/ImageSequenceWriter.h"
#include "media/OutputFormat.h"
#include "media/VideoInfo.h"

extern "C" {
#include <libavutil/cpu.h>
#include <libavutil/opt.h>
}

namespace fs = std::filesystem;

namespace restyle {

namespace {

// Debian's x264 (core 164) reads uninitialised memory in its AVX-512 macroblock-tree code:
// the same frames encode differently from one writer to the next within a process (seen with
// MALLOC_PERTURB_, on Megamind.avi at 320x240 and on 64x48 test clips), so a re-run in the
// GUI or a farm segment could not match. Without AVX-512 the output is a function of the
// frames alone; encoding is about 7% slower (vtest.avi, 768x576).
void avoidX264Avx512(void* x264Options) {
    if (!(av_get_cpu_flags() & AV_CPU_FLAG_AVX512)) return;
    av_opt_set(x264Options, "x264-params", "asm=MMX2,SSE2Fast,SSSE3,SSE4.2,AVX,FMA3,BMI2,AVX2",
               0);
}

}  // namespace

WriterOptions writerOptionsFor(const VideoInfo& source, const std::string& sourcePath, bool audio,
                               int crf, const std::string& preset) {
    WriterOptions wo;
    wo.fpsNum = source.fpsNum;
    wo.fpsDen = source.fpsDen;
    wo.timeBaseNum = source.timeBaseNum;
    wo.timeBaseDen = source.timeBaseDen;
    wo.crf = crf;
    wo.preset = preset;
    if (audio) {
        wo.audioFrom = sourcePath;
        wo.audioOffset = source.startTime;
    }
    return wo;
}

struct VideoWriter::Impl {
    std::string path;
    fs::path tmpPath;
    cv::Size size;     // size of the frames given to write()
    cv::Size encSize;  // rounded up to even: yuv420p needs it
    WriterOptions options;
    av::OutputContext out;
    av::CodecContext enc;
    AVStream* stream = nullptr;
    std::unique_ptr<AudioTrack> audio;
    av::Sws sws;
    av::Frame yuv = av::makeFrame();
    av::Packet pkt = av::makePacket();
    int64_t frames = 0;
    int64_t lastPts = INT64_MIN;
    bool finished = false;
    std::string audioText = "none";
    OutputFormat format = OutputFormat::H264;
    AVPixelFormat pixFmt = AV_PIX_FMT_YUV420P;
    std::unique_ptr<ImageSequenceWriter> sequence;

    void open();
    void encode(AVFrame* f);
    void abort();
};

// Per format: muxer, encoder and its pixel format and options.
struct Codec {
    const char* muxer;
    const char* encoder;
    AVPixelFormat pixFmt;
};

Codec codecFor(OutputFormat format, int bitDepth) {
    switch (format) {
        case OutputFormat::Ffv1:
            return {"matroska", "ffv1", bitDepth == 16 ? AV_PIX_FMT_GBRP16LE : AV_PIX_FMT_BGR0};
        case OutputFormat::ProRes4444:
            return {"mov", "prores_ks", AV_PIX_FMT_YUV444P10LE};
        default:
            return {"mp4", "libx264", AV_PIX_FMT_YUV420P};
    }
}

void VideoWriter::Impl::open() {
    av::initLogging();
    format = outputFormatFor(path);
    if (options.bitDepth != 8 && options.bitDepth != 16)
        throw InputError(path + ": bit depth must be 8 or 16");
    if (format == OutputFormat::PngSequence) {
        sequence = std::make_unique<ImageSequenceWriter>(path, size, options.bitDepth);
        return;
    }
    checkOutputPath(path, options.audioFrom);
    if (size.width <= 0 || size.height <= 0) throw InputError(path + ": empty frame size");
    if (options.crf < 0 || options.crf > 51)
        throw InputError("crf " + std::to_string(options.crf) + " is out of range (0-51)");
    const Codec codec = codecFor(format, options.bitDepth);
    pixFmt = codec.pixFmt;
    const bool subsampled = pixFmt == AV_PIX_FMT_YUV420P;  // needs even sizes
    encSize = subsampled ? cv::Size(size.width + (size.width & 1), size.height + (size.height & 1))
                         : size;
    tmpPath = temporarySibling(path);

    AVFormatContext* raw = nullptr;
    int rc = avformat_alloc_output_context2(&raw, nullptr, codec.muxer, tmpPath.c_str());
    if (rc < 0 || !raw) av::throwError(path, "cannot create the output muxer", rc);
    out.reset(raw);

    const AVCodec* encoder = avcodec_find_encoder_by_name(codec.encoder);
    if (!encoder)
        throw Error(std::string("this FFmpeg build has no ") + codec.encoder + " encoder");
    enc.reset(avcodec_alloc_context3(encoder));
    enc->width = encSize.width;
    enc->height = encSize.height;
    enc->pix_fmt = pixFmt;
    enc->framerate = AVRational{options.fpsNum, options.fpsDen};
    if (options.timeBaseNum > 0 && options.timeBaseDen > 0)
        enc->time_base = AVRational{options.timeBaseNum, options.timeBaseDen};
    else
        enc->time_base = av_inv_q(enc->framerate);
    enc->sample_aspect_ratio = AVRational{1, 1};
    enc->thread_count = options.threads;
    const bool hd = encSize.height >= 720;
    enc->colorspace = hd ? AVCOL_SPC_BT709 : AVCOL_SPC_SMPTE170M;
    enc->color_primaries = hd ? AVCOL_PRI_BT709 : AVCOL_PRI_SMPTE170M;
    enc->color_trc = hd ? AVCOL_TRC_BT709 : AVCOL_TRC_SMPTE170M;
    enc->color_range = AVCOL_RANGE_MPEG;
    if (format == OutputFormat::Ffv1) {
        enc->colorspace = AVCOL_SPC_RGB;
        enc->color_range = AVCOL_RANGE_JPEG;
    }
    if (out->oformat->flags & AVFMT_GLOBALHEADER) enc->flags |= AV_CODEC_FLAG_GLOBAL_HEADER;
    if (format == OutputFormat::H264) {
        av_opt_set(enc->priv_data, "preset", options.preset.c_str(), 0);
        av_opt_set_double(enc->priv_data, "crf", options.crf, 0);
        avoidX264Avx512(enc->priv_data);
    } else if (format == OutputFormat::Ffv1) {
        av_opt_set_int(enc->priv_data, "level", 3, 0);
        av_opt_set_int(enc->priv_data, "slicecrc", 1, 0);
    } else {
        av_opt_set_int(enc->priv_data, "profile", 4, 0);  // 4444
        av_opt_set(enc->priv_data, "vendor", "apl0", 0);
    }
    rc = avcodec_open2(enc.get(), encoder, nullptr);
    if (rc < 0)
        throw InputError(path + ": cannot open the " + codec.encoder + " encoder (preset '" +
                         options.preset + "'?): " + av::errorText(rc));

    stream = avformat_new_stream(out.get(), nullptr);
    avcodec_parameters_from_context(stream->codecpar, enc.get());
    stream->time_base = enc->time_base;
    stream->avg_frame_rate = enc->framerate;

    if (!options.audioFrom.empty())
        audio = AudioTrack::create(options.audioFrom, out.get(), options.audioOffset,
                                   options.audioDuration);
    if (audio) audioText = audio->description();

    rc = avio_open(&out->pb, tmpPath.c_str(), AVIO_FLAG_WRITE);
    if (rc < 0) av::throwInput(path, "cannot be written", rc);
    AVDictionary* opts = nullptr;
    if (format != OutputFormat::Ffv1) av_dict_set(&opts, "movflags", "+faststart", 0);
    rc = avformat_write_header(out.get(), &opts);
    av_dict_free(&opts);
    if (rc < 0) av::throwError(path, "cannot write the file header", rc);

    sws.reset(sws_getContext(encSize.width, encSize.height, AV_PIX_FMT_BGR24, encSize.width,
                             encSize.height, pixFmt, SWS_BICUBIC | SWS_ACCURATE_RND, nullptr,
                             nullptr, nullptr));
    sws_setColorspaceDetails(sws.get(), sws_getCoefficients(SWS_CS_DEFAULT), 1,
                             sws_getCoefficients(hd ? SWS_CS_ITU709 : SWS_CS_ITU601), 0, 0, 1 << 16,
                             1 << 16);
    yuv->format = pixFmt;
    yuv->width = encSize.width;
    yuv->height = encSize.height;
    if (av_frame_get_buffer(yuv.get(), 0) < 0) throw Error("out of memory for a frame");
}

void VideoWriter::Impl::encode(AVFrame* f) {
    int rc = avcodec_send_frame(enc.get(), f);
    if (rc < 0) av::throwError(path, "cannot encode a frame", rc);
    for (;;) {
        rc = avcodec_receive_packet(enc.get(), pkt.get());
        if (rc == AVERROR(EAGAIN) || rc == AVERROR_EOF) return;
        if (rc < 0) av::throwError(path, "cannot encode a frame", rc);
        pkt->stream_index = stream->index;
        const double t = double(pkt->pts) * av_q2d(enc->time_base);
        av_packet_rescale_ts(pkt.get(), enc->time_base, stream->time_base);
        if (audio) audio->writeUntil(t);
        rc = av_interleaved_write_frame(out.get(), pkt.get());
        if (rc < 0) av::throwError(path, "cannot write video (disk full?)", rc);
    }
}

void VideoWriter::Impl::abort() {
    sequence.reset();  // removes its frames
    audio.reset();
    enc.reset();
    out.reset();  // closes the file
    if (!tmpPath.empty()) discardTemporary(tmpPath);
}

VideoWriter::VideoWriter(const std::string& path, cv::Size size, WriterOptions options)
    : impl_(std::make_unique<Impl>()) {
    impl_->path = path;
    impl_->size = size;
    impl_->options = std::move(options);
    try {
        impl_->open();
    } catch (...) {
        impl_->abort();
        throw;
    }
}

VideoWriter::~VideoWriter() {
    if (!impl_->finished) impl_->abort();
}

void VideoWriter::write(const cv::Mat& bgr, double seconds) {
    Impl& d = *impl_;
    if (d.finished) throw Error(d.path + ": write after finish");
    if (d.sequence) {
        d.sequence->write(bgr);
        ++d.frames;
        return;
    }
    if (bgr.type() != CV_8UC3 || bgr.size() != d.size)
        throw Error(d.path + ": frame of " + std::to_string(bgr.cols) + "x" +
                    std::to_string(bgr.rows) + " given to a writer of " +
                    std::to_string(d.size.width) + "x" + std::to_string(d.size.height));
    cv::Mat src = bgr;
    if (d.encSize != d.size) {
        cv::copyMakeBorder(bgr, src, 0, d.encSize.height - d.size.height, 0,
                           d.encSize.width - d.size.width, cv::BORDER_REPLICATE);
    } else if (!bgr.isContinuous()) {
        src = bgr.clone();
    }
    if (av_frame_make_writable(d.yuv.get()) < 0) throw Error("out of memory for a frame");
    const uint8_t* srcData[1] = {src.data};
    const int srcStride[1] = {int(src.step)};
    sws_scale(d.sws.get(), srcData, srcStride, 0, src.rows, d.yuv->data, d.yuv->linesize);
    int64_t pts = std::llround(seconds / av_q2d(d.enc->time_base));
    if (pts <= d.lastPts) pts = d.lastPts + 1;  // timestamps must increase
    d.lastPts = pts;
    d.yuv->pts = pts;
    d.encode(d.yuv.get());
    ++d.frames;
}

void VideoWriter::write(const cv::Mat& bgr) {
    const double perFrame = double(impl_->options.fpsDen) / double(impl_->options.fpsNum);
    write(bgr, double(impl_->frames) * perFrame);
}

void VideoWriter::finish() {
    Impl& d = *impl_;
    if (d.finished) return;
    if (d.sequence) {
        d.sequence->finish();
        d.finished = true;
        return;
    }
    try {
        d.encode(nullptr);
        if (d.audio) {
            // Audio for the clip's length: up to the end of the last frame.
            d.audio->finish();
        }
        int rc = av_write_trailer(d.out.get());
        if (rc < 0) av::throwError(d.path, "cannot finish the file", rc);
        d.audio.reset();
        // Buffered bytes that could not be written (a full disk) show only here.
        avio_flush(d.out->pb);
        rc = d.out->pb->error < 0 ? d.out->pb->error : avio_closep(&d.out->pb);
        if (rc < 0) av::throwError(d.path, "cannot write the MP4 file (disk full?)", rc);
        d.out.reset();
        commitTemporary(d.tmpPath, d.path);
        d.finished = true;
    } catch (...) {
        d.abort();
        d.finished = true;
        throw;
    }
}

int64_t VideoWriter::framesWritten() const {
    return impl_->frames;
}

std::string VideoWriter::audioDescription() const {
    return impl_->audioText;
}

}  // namespace restyle
