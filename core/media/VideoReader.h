#pragma once
// Decodes any clip libavformat/libavcodec can read into upright BGR 8-bit cv::Mat frames,
// in presentation order, with frame-exact seeking.
#include <cstdint>
#include <memory>
#include <opencv2/core.hpp>
#include <string>
#include <vector>

#include "media/VideoInfo.h"

namespace restyle {

struct VideoFrame {
    cv::Mat image;      // BGR, CV_8UC3, upright, scaled
    int64_t index = 0;  // position in presentation order, 0-based
    int64_t pts = 0;    // timestamp in the stream's time base (VideoInfo::timeBaseNum/Den)
    double seconds = 0.0;
};

struct ReaderOptions {
    int maxSide = 0;  // scale down so the longer side is at most this; 0 keeps the size
    int threads = 0;  // decoder threads; 0 picks automatically
};

class VideoReader {
  public:
    // Throws InputError naming `path` when it cannot be opened or has no video.
    explicit VideoReader(const std::string& path, ReaderOptions options = {});
    ~VideoReader();
    VideoReader(const VideoReader&) = delete;
    VideoReader& operator=(const VideoReader&) = delete;

    const VideoInfo& info() const;
    cv::Size frameSize() const;  // size of the frames returned, after rotation and scaling
    double scale() const;        // of the frames returned to the clip's own size (maxSide)

    // Next frame in presentation order; false at the end of the clip.
    bool read(VideoFrame& frame);
    // Positions the reader so that the next read() returns frame `index`; the frame is the
    // one sequential decoding would give. Throws InputError when out of range.
    void seek(int64_t index);
    VideoFrame frameAt(int64_t index);
    // The nearest frame at or before `index` that decodes on its own (a keyframe): one seek
    // and one decode, however long the GOP, for a preview while the playhead is dragged.
    // Its `index` says which frame it is. The next read() continues after it.
    VideoFrame keyframeAtOrBefore(int64_t index);
    // Presentation time of every frame in seconds from the clip's start (builds the frame
    // index the first seek builds anyway): variable frame timing (tree.avi) is played and
    // shown by these, not by index / fps.
    std::vector<double> frameTimes();

    // The frame the next read() returns.
    int64_t position() const;
    // How many frames decoding on from where the reader is takes to reach frame `index`
    // (0: it is the frame read() returns next); -1 when only a seek gets there (the frame is
    // behind, or a keyframe lies between). What seek() will do, as a cost, so a caller with
    // several readers over one clip picks the one parked nearest.
    int64_t framesToDecodeOn(int64_t index);
    // Another reader over the same clip with the same options, sharing this one's frame index
    // (no second scan of the file). It starts at frame 0.
    std::unique_ptr<VideoReader> another() const;

    // Packets or frames the decoder rejected or concealed so far.
    int64_t decodeErrors() const;

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// The clip's facts without decoding any frame (probes the container, counts packets where
// the container does not store a frame count).
VideoInfo probeVideo(const std::string& path);

}  // namespace restyle
