#pragma once
// Decoded frames around the playhead, as an artist steps, plays and jumps through a clip.
// A frame-exact seek into a long GOP decodes from the GOP's start (170 ms median on a 720p
// clip with 250-frame GOPs), and stepping back one frame would pay that every time: a step
// back decodes the frames before the one asked for on the same pass and keeps them, and an
// idle moment reads ahead, so steps either way and playback come from memory.
// Jumps are served by up to `decoders` readers over the clip, each left parked where it
// stopped: a jump decodes on with the one parked nearest before the target in its GOP, and
// only seeks (the least recently used) when none is; jumping back and forth between a few
// places (a keyframe and the playhead) decodes a short way instead of from the GOP's start.
// frame() and readAhead() are called by one thread at a time (the GUI's decode worker);
// cached() and keep() by any, at any time.
#include <cstddef>
#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <opencv2/core.hpp>
#include <utility>
#include <vector>

namespace restyle {

class VideoReader;

class PlayheadCache {
  public:
    // `capacity` frames are kept, most recently used first; `backChunk` frames (the one
    // asked for included) are decoded by a step back.
    // `decoders` readers at most, `reader` the first; the others are opened when needed.
    explicit PlayheadCache(VideoReader& reader, size_t capacity = 48, int backChunk = 16,
                           int decoders = 3);
    ~PlayheadCache();

    // Frame `index`, exact: from memory, or decoded. Throws InputError out of range.
    cv::Mat frame(int64_t index);
    cv::Mat cached(int64_t index) const;  // empty when not in memory
    void keep(int64_t index, const cv::Mat& image);  // a frame decoded elsewhere
    // Decodes the next frame after the last one asked for and those read ahead so far, up to
    // `limit` frames ahead; false when there was nothing to do. Call while idle.
    bool readAhead(int64_t limit);
    void clear();

  private:
    // The reader to reach frame `index` with: the one parked nearest before it, else a new
    // one while fewer than `decoders` are open, else the least recently used (to seek).
    VideoReader& readerFor(int64_t index);
    bool openAnother();

    VideoReader& reader_;
    size_t maxDecoders_;
    std::vector<std::unique_ptr<VideoReader>> others_;
    std::vector<uint64_t> lastUse_;  // per reader: reader_, then others_
    uint64_t uses_ = 0;
    VideoReader* current_;  // the reader that gave the last frame asked for
    size_t capacity_;
    int backChunk_;
    mutable std::mutex framesMutex_;  // guards frames_ only, never held while decoding
    std::list<std::pair<int64_t, cv::Mat>> frames_;  // most recently used first
    int64_t last_ = -1;     // the last frame asked for
    int64_t ahead_ = -1;    // the last frame read ahead of it
};

}  // namespace restyle
