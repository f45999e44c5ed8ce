#pragma once
// Decoded frames of the open clip, near the playhead (core's PlayheadCache: steps back come
// in chunks, idle time reads ahead), decoded off the GUI thread. Requests while a decode runs
// collapse to the latest one, so scrubbing a long 1080p clip stays responsive: the GUI never
// waits on the decoder.
#include <QObject>
#include <QString>
#include <algorithm>
#include <memory>
#include <mutex>
#include <opencv2/core.hpp>
#include <vector>

#include "media/VideoInfo.h"

namespace restyle {
class VideoReader;
class PlayheadCache;
}

namespace restyle::ui {

class FrameCache : public QObject {
    Q_OBJECT
  public:
    // Frames are decoded at most `previewSide` pixels on the longer side.
    explicit FrameCache(QObject* parent = nullptr, int previewSide = 960);
    ~FrameCache() override;

    // Throws restyle::InputError naming the file when it cannot be opened.
    void open(const QString& path);
    bool isOpen() const;
    const VideoInfo& info() const { return info_; }
    // Of the frames given to the clip's own size (decoded at most previewSide on a side).
    double scale() const {
        const int own = std::max(info_.width, info_.height);
        return previewSide_ > 0 && own > previewSide_ ? double(previewSide_) / own : 1.0;
    }
    QString path() const { return path_; }

    // The frame if cached (empty otherwise); request() decodes it in the background.
    cv::Mat cached(int64_t index) const;
    void request(int64_t index);
    // While the playhead is dragged: the keyframe at or before `index` (one decode, however
    // long the GOP), as a stand-in until the exact frame is requested. frameReady(index)
    // when it is there; empty when there is none for `index`.
    cv::Mat standIn(int64_t index) const;
    void requestStandIn(int64_t index);
    // Blocking decode on the calling thread (for worker threads, never the GUI thread).
    cv::Mat frameNow(int64_t index);

  Q_SIGNALS:
    void frameReady(qint64 index);
    void decodeFailed(const QString& message);
    // Every frame's presentation time in seconds, once the decoder has indexed the clip.
    void frameTimesReady(const std::vector<double>& seconds);

  private:
    void enqueue(int64_t index, bool standIn);  // the latest request wins
    void decodeLoop();
    void decodeStandIn(int64_t index);
    void postFrameTimes();
    bool readAheadWhileIdle();

    int previewSide_;
    QString path_;
    VideoInfo info_;
    std::unique_ptr<VideoReader> reader_;
    std::unique_ptr<PlayheadCache> playhead_;  // over reader_; replaced only under both locks
    mutable std::mutex mutex_;  // guards playhead_ (the pointer), pending_, busy_, stand-in
    std::mutex readerMutex_;    // held while decoding
    int64_t pending_ = -1;
    bool pendingStandIn_ = false;
    int64_t standInFor_ = -1;
    cv::Mat standIn_;
    bool busy_ = false;
    bool timesPosted_ = false;
    static constexpr int64_t kReadAhead = 8;  // frames decoded past the playhead while idle
};

}  // namespace restyle::ui
