#include "flow/FlowCache.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <vector>

#include "flow/FloFile.h"

namespace fs = std::filesystem;

namespace restyle {

namespace {

uint64_t fnv1a(const char* data, size_t n, uint64_t h = 1469598103934665603ull) {
    for (size_t i = 0; i < n; ++i) {
        h ^= uint8_t(data[i]);
        h *= 1099511628211ull;
    }
    return h;
}

std::string hex(uint64_t v) {
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(v));
    return buf;
}

std::string frameName(int64_t frame, const char* what) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "%06lld.%s.flo", static_cast<long long>(frame), what);
    return buf;
}

}  // namespace

FlowCache::FlowCache(std::string dir, uint64_t maxBytes)
    : dir_(std::move(dir)), maxBytes_(maxBytes) {}

std::string FlowCache::defaultDir() {
    if (const char* x = std::getenv("XDG_CACHE_HOME"); x && *x)
        return std::string(x) + "/restyle/flow";
    if (const char* home = std::getenv("HOME")) return std::string(home) + "/.cache/restyle/flow";
    return (fs::temp_directory_path() / "restyle-flow-cache").string();
}

std::string FlowCache::clipFingerprint(const std::string& clipPath) {
    std::ifstream in(clipPath, std::ios::binary);
    const uint64_t size = fs::file_size(clipPath);
    uint64_t h = fnv1a(reinterpret_cast<const char*>(&size), sizeof size);
    // 16 samples of 64 KiB spread through the file.
    std::vector<char> buf(64 * 1024);
    for (int i = 0; i < 16; ++i) {
        const uint64_t at = size > buf.size() ? (size - buf.size()) * uint64_t(i) / 15 : 0;
        in.clear();
        in.seekg(std::streamoff(at));
        in.read(buf.data(), std::streamsize(buf.size()));
        h = fnv1a(buf.data(), size_t(in.gcount()), h);
    }
    return hex(h);
}

std::string FlowCache::key(const std::string& clipPath, const std::string& settingsText,
                           cv::Size size, int64_t anchorFrame) {
    const std::string text = clipFingerprint(clipPath) + "|" + settingsText + "|" +
                             std::to_string(size.width) + "x" + std::to_string(size.height) + "|" +
                             std::to_string(anchorFrame);
    return hex(fnv1a(text.data(), text.size()));
}

bool FlowCache::get(const std::string& key, int64_t frame, cv::Mat& toAnchor,
                    cv::Mat& fromAnchor) const {
    const fs::path d = fs::path(dir_) / key;
    std::error_code ec;
    const fs::path a = d / frameName(frame, "to"), b = d / frameName(frame, "from");
    if (!fs::exists(a, ec) || !fs::exists(b, ec)) return false;
    try {
        toAnchor = readFlo(a);
        fromAnchor = readFlo(b);
        return true;
    } catch (const std::exception&) {
        return false;  // a damaged entry is a miss; it is rewritten
    }
}

void FlowCache::put(const std::string& key, int64_t frame, const cv::Mat& toAnchor,
                    const cv::Mat& fromAnchor) {
    const fs::path d = fs::path(dir_) / key;
    std::error_code ec;
    fs::create_directories(d, ec);
    if (ec) return;  // the cache is an optimisation: never fail the job for it
    try {
        writeFlo((d / frameName(frame, "to")).string(), toAnchor);
        writeFlo((d / frameName(frame, "from")).string(), fromAnchor);
    } catch (const std::exception&) {
        return;
    }
    bytesSinceCheck_ += (toAnchor.total() + fromAnchor.total()) * 8;
    if (bytesSinceCheck_ > maxBytes_ / 16) evictIfNeeded();
}

void FlowCache::evictIfNeeded() {
    bytesSinceCheck_ = 0;
    struct Entry {
        fs::path path;
        fs::file_time_type time;
        uint64_t bytes;
    };
    std::vector<Entry> entries;
    uint64_t total = 0;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(dir_, ec)) {
        if (!e.is_directory()) continue;
        Entry en{e.path(), fs::last_write_time(e.path(), ec), 0};
        for (const auto& f : fs::directory_iterator(e.path(), ec))
            en.bytes += f.file_size(ec);
        total += en.bytes;
        entries.push_back(en);
    }
    std::sort(entries.begin(), entries.end(),
              [](const Entry& a, const Entry& b) { return a.time < b.time; });
    for (const auto& e : entries) {
        if (total <= maxBytes_) break;
        fs::remove_all(e.path, ec);
        total -= e.bytes;
    }
}

}  // namespace restyle
