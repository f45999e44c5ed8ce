#pragma once
// Reader -> writer, frame by frame: `restyle-cli convert` and the GUI's plain export.
#include <stop_token>
#include <string>

#include "common/Progress.h"

namespace restyle {

struct TranscodeOptions {
    int maxSide = 0;
    int crf = 18;
    std::string preset = "medium";
    bool audio = true;
};

struct TranscodeResult {
    int64_t frames = 0;
    int64_t decodeErrors = 0;
    std::string audio;  // VideoWriter::audioDescription()
};

TranscodeResult transcode(const std::string& input, const std::string& output,
                          const TranscodeOptions& options, const ProgressCallback& progress,
                          std::stop_token stop);

}  // namespace restyle
