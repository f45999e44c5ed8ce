#include "media/PlayheadCache.h"

#include <algorithm>

#include "common/Error.h"
#include "media/VideoReader.h"

namespace restyle {

PlayheadCache::PlayheadCache(VideoReader& reader, size_t capacity, int backChunk, int decoders)
    : reader_(reader), capacity_(std::max<size_t>(capacity, size_t(backChunk) + 1)),
      backChunk_(std::max(1, backChunk)), maxDecoders_(size_t(std::max(1, decoders))),
      lastUse_{0}, current_(&reader) {}

PlayheadCache::~PlayheadCache() = default;

VideoReader& PlayheadCache::readerFor(int64_t index) {
    auto reader = [&](size_t i) -> VideoReader& { return i == 0 ? reader_ : *others_[i - 1]; };
    const size_t count = others_.size() + 1;
    size_t pick = count;
    int64_t cheapest = -1;
    for (size_t i = 0; i < count; ++i) {
        const int64_t cost = reader(i).framesToDecodeOn(index);
        if (cost >= 0 && (cheapest < 0 || cost < cheapest)) pick = i, cheapest = cost;
    }
    if (pick == count) {  // only a seek gets there
        if (count < maxDecoders_ && openAnother())
            pick = count;  // the others stay parked
        else
            pick = size_t(std::min_element(lastUse_.begin(), lastUse_.end()) - lastUse_.begin());
    }
    lastUse_[pick] = ++uses_;
    return reader(pick);
}

bool PlayheadCache::openAnother() {
    try {
        others_.push_back(reader_.another());
        lastUse_.push_back(0);
        return true;
    } catch (const std::exception&) {
        maxDecoders_ = others_.size() + 1;  // the file went, or memory: seek the ones open
        return false;
    }
}

void PlayheadCache::clear() {
    std::lock_guard lock(framesMutex_);
    frames_.clear();
    last_ = ahead_ = -1;
}

cv::Mat PlayheadCache::cached(int64_t index) const {
    std::lock_guard lock(framesMutex_);
    for (const auto& [i, m] : frames_)
        if (i == index) return m;
    return {};
}

void PlayheadCache::keep(int64_t index, const cv::Mat& image) {
    std::lock_guard lock(framesMutex_);
    frames_.remove_if([&](const auto& e) { return e.first == index; });
    frames_.emplace_front(index, image);
    while (frames_.size() > capacity_)
        frames_.pop_back();
}

cv::Mat PlayheadCache::frame(int64_t index) {
    if (cv::Mat m = cached(index); !m.empty()) {
        keep(index, m);  // most recently used
        last_ = index;
        ahead_ = std::max(ahead_, index);
        return m;
    }
    // A step back decodes from the GOP's start anyway: keep the frames just before the
    // target, which the next steps back ask for. A jump (back further than that, or forwards)
    // converts the one frame asked for: the readers decode on from where they are parked.
    const bool back = last_ >= 0 && index < last_ && last_ - index <= backChunk_;
    int64_t from = back ? std::max<int64_t>(0, index - backChunk_ + 1) : index;
    while (from < index && !cached(from).empty())
        ++from;
    current_ = &readerFor(from);
    current_->seek(from);
    cv::Mat result;
    VideoFrame f;
    for (int64_t i = from; i <= index; ++i) {
        if (!current_->read(f))
            throw InputError(reader_.info().path + ": frame " + std::to_string(i) +
                             " cannot be decoded");
        keep(f.index, f.image);
        result = f.image;
    }
    last_ = ahead_ = index;
    return result;
}

bool PlayheadCache::readAhead(int64_t limit) {
    if (last_ < 0 || ahead_ - last_ >= limit) return false;
    const int64_t next = ahead_ + 1;
    if (next >= reader_.info().frames) return false;
    if (!cached(next).empty()) {
        ahead_ = next;
        return true;
    }
    // Only decoding on from where the reader is (frames in memory may lie between): a seek
    // could keep the artist's next request waiting for a whole GOP.
    const int64_t at = current_->position();
    if (at > next || next - at > 8) return false;
    ahead_ = next;
    current_->seek(next);
    VideoFrame f;
    if (!current_->read(f)) return false;
    keep(f.index, f.image);
    return true;
}

}  // namespace restyle
