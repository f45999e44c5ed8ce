#pragma once
// The timestamp of every video packet of a file, read without decoding: VideoReader's seek
// table (the frame count too, where a container's header cannot be trusted).
#include <cstdint>
#include <string>
#include <vector>

struct AVPacket;

namespace restyle {

// Sorted: entry N is frame N's timestamp once aligned with the decoded pictures.
struct PacketTimes {
    std::vector<int64_t> ts;
    bool fromDts = false;  // some packet had no pts: its decode timestamp stands in
    // Timestamps of the packets that decode on their own (keyframes), sorted: a seek to a
    // frame whose GOP the decoder is already in decodes forward instead of starting over.
    std::vector<int64_t> keyTs;
};


// The packet's pts, or its dts where it has none.
int64_t timestampOf(const AVPacket* p);

// Reads the whole file once; the result is kept per file (path, size, modification time) for
// the process, so the GUI's preview reader, the worker's reader and `info` share one scan.
PacketTimes scanPacketTimes(const std::string& path, int streamIndex);

}  // namespace restyle
