#include "media/Transcode.h"

#include "common/Error.h"
#include "common/FileUtil.h"
#include "media/VideoReader.h"
#include "media/VideoWriter.h"

namespace restyle {

TranscodeResult transcode(const std::string& input, const std::string& output,
                          const TranscodeOptions& options, const ProgressCallback& progress,
                          std::stop_token stop) {
    checkOutputs({output}, {input});
    // H.264 and ProRes pad odd sides to even: an odd maximum would come out a pixel over it.
    const int maxSide = options.maxSide > 2 ? options.maxSide & ~1 : options.maxSide;
    VideoReader reader(input, ReaderOptions{maxSide, 0});
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
    if (n == 0)
        throw InputError(input + ": no video frame could be decoded (truncated or corrupt file)");
    writer.finish();
    return TranscodeResult{n, reader.decodeErrors(), writer.audioDescription()};
}

}  // namespace restyle
