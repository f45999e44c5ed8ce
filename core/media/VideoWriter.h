#pragma once
// Writes the output format the path asks for (OutputFormat.h: H.264 MP4, FFV1 MKV, ProRes
// 4444 MOV, PNG sequence), keeping the source's timing and audio. Output goes to a temporary file
// beside the target and is renamed by finish(); a writer destroyed before finish() (error, cancel)
// removes it, leaving nothing behind.
#include <memory>
#include <opencv2/core.hpp>
#include <string>

namespace restyle {

struct WriterOptions {
    int crf = 18;                   // libx264 constant rate factor, 0-51
    std::string preset = "medium";  // libx264 preset
    int fpsNum = 25;                // nominal frame rate
    int fpsDen = 1;
    int timeBaseNum = 0;  // time base for timestamps; 0 uses 1/(fps)
    int timeBaseDen = 0;
    std::string audioFrom;        // take audio from this file ("" for none)
    double audioOffset = 0.0;     // source audio time (s) that becomes output time 0
    double audioDuration = -1.0;  // seconds of audio to take; negative takes all
    int threads = 0;              // encoder threads; 0 picks automatically
    int bitDepth = 8;             // 8 or 16 (PNG sequences and FFV1)
};

struct VideoInfo;

// Writer settings that keep `source`'s frame rate and timestamps, with its audio (from
// `sourcePath`, when `audio`) and the given quality.
WriterOptions writerOptionsFor(const VideoInfo& source, const std::string& sourcePath, bool audio,
                               int crf, const std::string& preset);

class VideoWriter {
  public:
    // Throws InputError naming `path` when it cannot be written or `audioFrom` is unusable.
    VideoWriter(const std::string& path, cv::Size size, WriterOptions options);
    ~VideoWriter();
    VideoWriter(const VideoWriter&) = delete;
    VideoWriter& operator=(const VideoWriter&) = delete;

    // Appends a BGR frame shown at `seconds` (relative to the output's start).
    void write(const cv::Mat& bgr, double seconds);
    // Appends a BGR frame one frame duration after the previous one.
    void write(const cv::Mat& bgr);

    // Flushes, writes the trailer and renames the temporary file to the output path.
    void finish();

    int64_t framesWritten() const;
    // What happened to the audio: "none", "copied <codec>", "re-encoded <codec> to aac".
    std::string audioDescription() const;

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace restyle
