#pragma once
// Anchor flows kept on disk, keyed by the clip's content, the flow settings and the
// processing size, so previewing the same clip again does not recompute. Bounded in size:
// the least recently written entries are evicted.
#include <cstdint>
#include <opencv2/core.hpp>
#include <string>

namespace restyle {

class FlowCache {
  public:
    // `maxBytes`: the cache folder's size limit.
    explicit FlowCache(std::string dir = defaultDir(), uint64_t maxBytes = 4ull << 30);

    // $XDG_CACHE_HOME/restyle/flow, or ~/.cache/restyle/flow.
    static std::string defaultDir();
    // A fingerprint of the clip's content: size plus a hash of samples through the file
    // (renaming or touching the file keeps it; editing it changes it).
    static std::string clipFingerprint(const std::string& clipPath);
    // The key of one flow sequence.
    static std::string key(const std::string& clipPath, const std::string& settingsText,
                           cv::Size size, int64_t anchorFrame);

    bool get(const std::string& key, int64_t frame, cv::Mat& toAnchor, cv::Mat& fromAnchor) const;
    void put(const std::string& key, int64_t frame, const cv::Mat& toAnchor,
             const cv::Mat& fromAnchor);

    const std::string& dir() const { return dir_; }

  private:
    void evictIfNeeded();
    std::string dir_;
    uint64_t maxBytes_;
    uint64_t bytesSinceCheck_ = 0;
};

}  // namespace restyle
