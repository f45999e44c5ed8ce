#include "media/ImageSequenceWriter.h"

#include <filesystem>
#include <opencv2/imgcodecs.hpp>

#include "common/Error.h"
#include "common/FileUtil.h"
#include "media/OutputFormat.h"

namespace fs = std::filesystem;

namespace restyle {

ImageSequenceWriter::ImageSequenceWriter(std::string pattern, cv::Size size, int bitDepth)
    : pattern_(std::move(pattern)), size_(size), bitDepth_(bitDepth) {
    if (bitDepth != 8 && bitDepth != 16)
        throw InputError(pattern_ + ": bit depth must be 8 or 16, got " + std::to_string(bitDepth));
    checkOutputPath(sequenceFrameName(pattern_, 0), "");
}

ImageSequenceWriter::~ImageSequenceWriter() {
    if (finished_) return;
    std::error_code ec;
    for (const auto& [tmp, final] : written_)
        fs::remove(tmp, ec);
}

void ImageSequenceWriter::write(const cv::Mat& bgr) {
    if (finished_) throw Error(pattern_ + ": write after finish");
    if (bgr.type() != CV_8UC3 || bgr.size() != size_)
        throw Error(pattern_ + ": frame of the wrong size or type");
    const std::string final = sequenceFrameName(pattern_, framesWritten());
    const fs::path f(final);
    const std::string tmp =
        (f.parent_path() / ("." + f.filename().string() + ".part.png")).string();
    cv::Mat out = bgr;
    if (bitDepth_ == 16) bgr.convertTo(out, CV_16UC3, 257.0);  // 0-255 -> 0-65535 exactly
    if (!cv::imwrite(tmp, out, {cv::IMWRITE_PNG_COMPRESSION, 1}))
        throw Error(final + ": cannot write (disk full?)");
    written_.emplace_back(tmp, final);
}

void ImageSequenceWriter::finish() {
    if (finished_) return;
    for (const auto& [tmp, final] : written_) {
        std::error_code ec;
        fs::rename(tmp, final, ec);
        if (ec) throw Error(final + ": cannot rename the finished file: " + ec.message());
    }
    finished_ = true;
}

}  // namespace restyle
