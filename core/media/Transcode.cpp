#include "media/Transcode.h"

#include "media/VideoReader.h"
#include "media/VideoWriter.h"

namespace restyle {

TranscodeResult transcode(const std::string& input, const std::string& output,
                          const TranscodeOptions& options, const ProgressCallback& progress,
                          std::stop_token stop) {
    VideoReader reader(input, ReaderOptions{options.maxSide, 0});
    const VideoInfo& info = reader.info();
    const WriterOptions wo =
        writerOptionsFor(info, input, options.audio, options.crf, options.preset);
    VideoWriter writer(output, reader.frameSize(), wo);
    ProgressMeter meter(info.frames);
    VideoFrame frame;
    int64_t n = 0;
    while (reader.read(frame)) {
        throwIfStopped(stop);
        writer.write(frame.image, frame.seconds);
        ++n;
        if (progress) progress(meter.update(n));
    }
    throwIfStopped(stop);
    writer.finish();
    return TranscodeResult{n, reader.decodeErrors(), writer.audioDescription()};
}

}  // namespace restyle
