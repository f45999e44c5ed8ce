#include "media/OutputFormat.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <filesystem>
#include <regex>

#include "common/Error.h"

namespace restyle {

namespace {

std::string lowerExtension(const std::string& path) {
    std::string ext = std::filesystem::path(path).extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(),
                   [](unsigned char c) { return char(std::tolower(c)); });
    return ext;
}

}  // namespace

OutputFormat outputFormatFor(const std::string& path) {
    const std::string ext = lowerExtension(path);
    const std::string name = std::filesystem::path(path).filename().string();
    static const std::regex pattern(R"(^[^%]*%0?[0-9]*d[^%]*\.png$)", std::regex::icase);
    if (ext == ".png") {
        if (std::regex_match(name, pattern)) return OutputFormat::PngSequence;
        throw InputError(path +
                         ": an image sequence needs a frame-number field, e.g. DIR/NAME_%06d.png");
    }
    if (ext == ".mp4" || ext == ".m4v") return OutputFormat::H264;
    if (ext == ".mkv") return OutputFormat::Ffv1;
    if (ext == ".mov") return OutputFormat::ProRes4444;
    throw InputError(path + ": unknown output type '" + ext +
                     "' (.mp4 H.264, .mkv FFV1 lossless, .mov ProRes 4444, or an image "
                     "sequence DIR/NAME_%06d.png)");
}

std::string outputFormatName(OutputFormat format) {
    switch (format) {
        case OutputFormat::H264:
            return "H.264 MP4";
        case OutputFormat::Ffv1:
            return "FFV1 MKV (lossless)";
        case OutputFormat::ProRes4444:
            return "ProRes 4444 MOV";
        default:
            return "PNG sequence";
    }
}

bool outputFormatHasAudio(OutputFormat format) {
    return format != OutputFormat::PngSequence;
}

std::vector<std::string> outputFormatPatterns() {
    return {"*.mp4", "*.mkv", "*.mov", "*.png"};
}

std::string sequenceFrameName(const std::string& pattern, long long index) {
    const std::filesystem::path p(pattern);
    const std::string name = p.filename().string();
    std::vector<char> buf(name.size() + 32);
    std::snprintf(buf.data(), buf.size(), name.c_str(), index);
    return (p.parent_path() / buf.data()).string();
}

}  // namespace restyle
