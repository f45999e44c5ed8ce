#pragma once
// The output formats, chosen by the output path: one place that the CLI, job files and the
// GUI's export dialog go through (VideoWriter uses it).
//   .mp4 / .m4v           H.264 (libx264, yuv420p), for viewing and sharing
//   .mkv                  FFV1, lossless RGB (16 bits per channel with bit depth 16)
//   .mov                  ProRes 4444 (prores_ks, 10-bit 4:4:4), for editing suites
//   DIR/NAME_%06d.png     a PNG image sequence (8- or 16-bit), numbered from 0
// Anything else is refused with an InputError (CLI exit 2).
#include <string>
#include <vector>

namespace restyle {

enum class OutputFormat { H264, Ffv1, ProRes4444, PngSequence };

// Throws InputError naming `path` when its extension is neither a video container above nor
// an image pattern (a printf-style %d/%0Nd field and .png).
OutputFormat outputFormatFor(const std::string& path);
std::string outputFormatName(OutputFormat format);  // "H.264 MP4", "FFV1 MKV", ...
// Whether the format keeps audio (image sequences do not).
bool outputFormatHasAudio(OutputFormat format);
// Extensions / patterns for file dialogs: {"*.mp4", "*.mkv", "*.mov", "*.png"}.
std::vector<std::string> outputFormatPatterns();

// The file name of frame `index` of a PNG sequence pattern.
std::string sequenceFrameName(const std::string& pattern, long long index);

}  // namespace restyle
