#pragma once
// A diffusion batch's keyframes as the sampling worker decodes them, one by one: the frames
// between the first keyframes can be interpolated and written while the model still decodes
// the last ones (after the last batch nothing else hides that time).
#include <condition_variable>
#include <mutex>
#include <opencv2/core.hpp>
#include <vector>

namespace restyle {

class DecodedKeyframes {
  public:
    explicit DecodedKeyframes(size_t count) : images_(count) {}

    void put(size_t i, cv::Mat image) {
        std::lock_guard lock(mutex_);
        images_.at(i) = std::move(image);
        cv_.notify_all();
    }
    // The sampling ended, done or failed: nothing more comes.
    void close() {
        std::lock_guard lock(mutex_);
        closed_ = true;
        cv_.notify_all();
    }
    // Keyframe i once decoded; empty when the sampling ended without it (its error is the
    // sampling's).
    cv::Mat waitFor(size_t i) {
        std::unique_lock lock(mutex_);
        cv_.wait(lock, [&] { return !images_.at(i).empty() || closed_; });
        return images_[i];
    }
    std::vector<cv::Mat> all() {
        std::lock_guard lock(mutex_);
        return images_;
    }

  private:
    std::mutex mutex_;
    std::condition_variable cv_;
    std::vector<cv::Mat> images_;
    bool closed_ = false;
};

}  // namespace restyle
