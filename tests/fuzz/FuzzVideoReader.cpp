// Fuzz target: the video reader on arbitrary bytes (a file it is given): probe, then read
// up to a few frames and seek.
#include "FuzzSupport.h"
#include "common/Error.h"
#include "media/VideoReader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string path = restyle::fuzz::writeInput(data, size, "clip.bin");
    try {
        restyle::VideoReader reader(path, restyle::ReaderOptions{64, 0});
        restyle::VideoFrame f;
        for (int i = 0; i < 4 && reader.read(f); ++i) {
        }
        if (reader.info().frames > 1) reader.seek(reader.info().frames / 2);
    } catch (const restyle::InputError&) {
    } catch (const restyle::Error&) {  // decode failures the reader reports as such
    }
    return 0;
}
