#pragma once
// VideoReader's state, shared by its two source files: opening and sequential decoding
// (VideoReader.cpp), the frame index and frame-exact seeking (VideoReaderSeek.cpp).
#include <cstdint>
#include <opencv2/core.hpp>
#include <string>
#include <vector>

#include "media/Av.h"
#include "media/PictureConverter.h"
#include "media/VideoReader.h"

namespace restyle {

struct VideoReader::Impl {
    std::string path;
    ReaderOptions options;
    av::InputContext fmt;
    av::CodecContext dec;
    AVStream* stream = nullptr;
    VideoInfo info;
    cv::Size outSize;  // after rotation and scaling
    av::Packet pkt = av::makePacket();
    av::Frame frame = av::makeFrame();
    PictureConverter pictures;
    bool demuxDone = false;
    bool decoderDrained = false;
    int64_t nextIndex = 0;
    int64_t errors = 0;
    std::vector<int64_t> timestamps;  // built on first seek
    std::vector<int64_t> keyTimestamps;  // of the keyframes, aligned like `timestamps`
    int64_t decodedPts = AV_NOPTS_VALUE;  // of the last picture the decoder gave since a seek
    bool timestampsFromDts = false;
    bool indexed = false;
    int64_t firstPictureTs = AV_NOPTS_VALUE;  // of the first picture decoded from the start
    bool hasPending = false;  // a decoded frame waiting to be returned by read()
    // While a seek decodes forward to its target, frames before the target that no other
    // frame refers to (most B-frames) are skipped by the decoder: they are never shown and
    // never predicted from, so the target decodes exactly as sequential decoding gives it.
    int64_t skipBefore = INT64_MIN;

    void open();
    bool decodeNext();  // decodes one frame into `frame`; false at the end
    void convert(VideoFrame& out);
    void ensureIndex();
    void scanIndex();
    void alignIndex();
    void seekTo(int64_t ts);
    bool decodesForwardTo(int64_t target) const;
    bool decodesOnTo(int64_t index) const;  // seek() decodes on rather than seeking
    void decodeUpTo(int64_t target, int64_t index, bool have);
    int64_t indexOf(int64_t pts) const;
};

}  // namespace restyle
