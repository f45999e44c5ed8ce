#pragma once
// The audio side of VideoWriter: takes the best audio stream of a source file and muxes it
// into an output, copied when the container can hold it, otherwise re-encoded to AAC.
// Streams packet by packet, in step with the video, so nothing is buffered whole.
#include <memory>
#include <string>

#include "media/Av.h"

namespace restyle {

class AudioTrack {
  public:
    // Adds an audio stream to `out` (before its header is written). Returns null when
    // `source` has no audio. `offset`: source seconds that map to output 0; `duration`:
    // seconds to take (negative for all).
    static std::unique_ptr<AudioTrack> create(const std::string& source, AVFormatContext* out,
                                              double offset, double duration);
    ~AudioTrack();

    // Muxes source audio up to output time `seconds`.
    void writeUntil(double seconds);
    // Muxes the rest and flushes the encoder.
    void finish();
    std::string description() const;

  private:
    AudioTrack();
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace restyle
