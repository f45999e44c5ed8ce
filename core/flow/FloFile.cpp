#include "flow/FloFile.h"

#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "common/Error.h"
#include "common/FileUtil.h"

namespace restyle {

namespace {
constexpr float kTag = 202021.25f;
}

void writeFlo(const std::string& path, const cv::Mat& flow) {
    CV_Assert(flow.type() == CV_32FC2);
    std::string bytes(12 + flow.total() * 8, '\0');
    const int32_t w = flow.cols, h = flow.rows;
    std::memcpy(bytes.data(), &kTag, 4);
    std::memcpy(bytes.data() + 4, &w, 4);
    std::memcpy(bytes.data() + 8, &h, 4);
    char* dst = bytes.data() + 12;
    for (int y = 0; y < h; ++y) {
        std::memcpy(dst, flow.ptr(y), size_t(w) * 8);
        dst += size_t(w) * 8;
    }
    writeFileAtomically(path, bytes);
}

cv::Mat readFlo(const std::string& path) {
    checkReadableFile(path);
    std::ifstream in(path, std::ios::binary);
    float tag = 0;
    int32_t w = 0, h = 0;
    in.read(reinterpret_cast<char*>(&tag), 4);
    in.read(reinterpret_cast<char*>(&w), 4);
    in.read(reinterpret_cast<char*>(&h), 4);
    if (!in || tag != kTag) throw InputError(path + ": not a Middlebury .flo file (bad tag)");
    if (w <= 0 || h <= 0 || w > 65536 || h > 65536 || int64_t(w) * h > (int64_t(1) << 26))
        throw InputError(path + ": bad .flo size " + std::to_string(w) + "x" + std::to_string(h));
    // The header's size must match the file's before anything that large is allocated.
    std::error_code ec;
    const auto bytes = std::filesystem::file_size(path, ec);
    if (ec || bytes < uint64_t(12) + uint64_t(w) * uint64_t(h) * 8)
        throw InputError(path + ": truncated .flo file");
    cv::Mat flow(h, w, CV_32FC2);
    for (int y = 0; y < h; ++y)
        in.read(reinterpret_cast<char*>(flow.ptr(y)), std::streamsize(w) * 8);
    if (!in) throw InputError(path + ": truncated .flo file");
    return flow;
}

}  // namespace restyle
