#include "style/StyleWeightCache.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>

#include "common/FileUtil.h"
#include "style/KeyframeStyleNet.h"

namespace fs = std::filesystem;

namespace restyle {

namespace {

// FNV-1a, 64 bit: fast, and collisions between keyframe contents are not a concern here.
struct Fnv {
    uint64_t h = 1469598103934665603ull;
    void add(const void* data, size_t n) {
        const auto* p = static_cast<const unsigned char*>(data);
        for (size_t i = 0; i < n; ++i)
            h = (h ^ p[i]) * 1099511628211ull;
    }
    void add(const cv::Mat& m) {
        const int header[3] = {m.rows, m.cols, m.type()};
        add(header, sizeof header);
        for (int y = 0; y < m.rows; ++y)
            add(m.ptr(y), m.cols * m.elemSize());
    }
};

}  // namespace

StyleWeightCache::StyleWeightCache(std::string dir, size_t maxEntries)
    : dir_(std::move(dir)), maxEntries_(maxEntries) {}

std::string StyleWeightCache::defaultDir() {
    if (const char* x = std::getenv("XDG_CACHE_HOME"); x && *x)
        return std::string(x) + "/restyle/style-net";
    if (const char* home = std::getenv("HOME"))
        return std::string(home) + "/.cache/restyle/style-net";
    return (fs::temp_directory_path() / "restyle-style-net-cache").string();
}

std::string StyleWeightCache::key(const std::vector<std::pair<cv::Mat, cv::Mat>>& pairs,
                                  const std::string& settingsText) {
    Fnv f;
    for (const auto& [source, edited] : pairs) {
        f.add(source);
        f.add(edited);
    }
    f.add(settingsText.data(), settingsText.size());
    char text[17];
    std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(f.h));
    return text;
}

std::string StyleWeightCache::path(const std::string& key) const {
    return (fs::path(dir_) / (key + ".pt")).string();
}

bool StyleWeightCache::get(const std::string& key, KeyframeStyleNet& net) const {
    std::error_code ec;
    if (!fs::is_regular_file(path(key), ec)) return false;
    try {
        net.loadWeights(path(key));
        return true;
    } catch (const std::exception&) {
        return false;  // a damaged entry is retrained and overwritten
    }
}

void StyleWeightCache::put(const std::string& key, const KeyframeStyleNet& net) {
    try {
        fs::create_directories(dir_);
        const fs::path temp = temporarySibling(path(key));
        net.save(temp.string());
        fs::rename(temp, path(key));
        evict();
    } catch (const std::exception&) {
        // Not cached: the next run trains again.
    }
}

void StyleWeightCache::evict() {
    std::vector<std::pair<fs::file_time_type, fs::path>> entries;
    for (const auto& e : fs::directory_iterator(dir_))
        if (e.path().extension() == ".pt") entries.emplace_back(e.last_write_time(), e.path());
    if (entries.size() <= maxEntries_) return;
    std::sort(entries.begin(), entries.end());
    std::error_code ec;
    for (size_t i = 0; i + maxEntries_ < entries.size(); ++i)
        fs::remove(entries[i].second, ec);
}

}  // namespace restyle
