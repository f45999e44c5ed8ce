#pragma once
// Trained style networks kept on disk, keyed by the content of the keyframe pairs they were
// trained on and the settings, so re-running a job or tweaking settings that do not touch the
// training (flow, output, engine blend) does not retrain. Bounded: the oldest entries beyond
// `maxEntries` are evicted. The cache is an optimisation: its failures never fail a job.
#include <opencv2/core.hpp>
#include <string>
#include <utility>
#include <vector>

namespace restyle {

class KeyframeStyleNet;

class StyleWeightCache {
  public:
    explicit StyleWeightCache(std::string dir = defaultDir(), size_t maxEntries = 64);

    // $XDG_CACHE_HOME/restyle/style-net, or ~/.cache/restyle/style-net.
    static std::string defaultDir();
    // Hash of every pixel of the pairs (source, edited), in order, and of `settingsText`.
    static std::string key(const std::vector<std::pair<cv::Mat, cv::Mat>>& pairs,
                           const std::string& settingsText);

    // Loads the entry into `net`; false when there is none (or it is unreadable).
    bool get(const std::string& key, KeyframeStyleNet& net) const;
    void put(const std::string& key, const KeyframeStyleNet& net);

    const std::string& dir() const { return dir_; }

  private:
    std::string path(const std::string& key) const;
    void evict();
    std::string dir_;
    size_t maxEntries_;
};

}  // namespace restyle
