#include "ui/FrameCache.h"

#include <QtConcurrent/QtConcurrent>

#include "common/Error.h"
#include "media/PlayheadCache.h"
#include "media/VideoReader.h"

namespace restyle::ui {

FrameCache::FrameCache(QObject* parent, int previewSide)
    : QObject(parent), previewSide_(previewSide) {}

FrameCache::~FrameCache() {
    // Wait for a running decode: it uses this object.
    for (;;) {
        {
            std::lock_guard lock(mutex_);
            pending_ = -1;
            if (!busy_) break;
        }
        QThread::msleep(5);
    }
}

void FrameCache::open(const QString& path) {
    auto reader = std::make_unique<VideoReader>(path.toStdString(), ReaderOptions{previewSide_, 0});
    auto playhead = std::make_unique<PlayheadCache>(*reader);
    std::lock_guard readerLock(readerMutex_);
    std::lock_guard lock(mutex_);
    playhead_ = std::move(playhead);  // before the reader it refers to goes
    reader_ = std::move(reader);
    info_ = reader_->info();
    path_ = path;
    standInFor_ = -1;
    standIn_.release();
    pending_ = -1;
    timesPosted_ = false;
}

bool FrameCache::isOpen() const {
    return reader_ != nullptr;
}

cv::Mat FrameCache::cached(int64_t index) const {
    std::lock_guard lock(mutex_);
    return playhead_ ? playhead_->cached(index) : cv::Mat();
}

cv::Mat FrameCache::frameNow(int64_t index) {
    if (cv::Mat m = cached(index); !m.empty()) return m;
    std::lock_guard readerLock(readerMutex_);
    if (!reader_) return {};
    return playhead_->frame(index);
}

void FrameCache::request(int64_t index) {
    if (!reader_ || index < 0) return;
    if (!cached(index).empty()) {
        Q_EMIT frameReady(index);
        return;
    }
    enqueue(index, false);
}

void FrameCache::enqueue(int64_t index, bool standIn) {
    {
        std::lock_guard lock(mutex_);
        pending_ = index;
        pendingStandIn_ = standIn;
        if (busy_) return;  // the running loop picks up the latest request
        busy_ = true;
    }
    (void)QtConcurrent::run([this] { decodeLoop(); });
}

cv::Mat FrameCache::standIn(int64_t index) const {
    std::lock_guard lock(mutex_);
    return standInFor_ == index ? standIn_ : cv::Mat();
}

void FrameCache::requestStandIn(int64_t index) {
    if (!reader_ || index < 0) return;
    if (!cached(index).empty() || !standIn(index).empty()) {
        Q_EMIT frameReady(index);
        return;
    }
    enqueue(index, true);
}

void FrameCache::postFrameTimes() {
    std::vector<double> times;
    QString path;
    {
        std::lock_guard readerLock(readerMutex_);
        if (timesPosted_ || !reader_) return;
        times = reader_->frameTimes();  // the seek above built the index: no extra scan
        timesPosted_ = true;
        path = path_;
    }
    QMetaObject::invokeMethod(
        this,
        [this, times, path] {
            if (path == path_) Q_EMIT frameTimesReady(times);
        },
        Qt::QueuedConnection);
}

void FrameCache::decodeStandIn(int64_t index) {
    VideoFrame f;
    {
        std::lock_guard readerLock(readerMutex_);
        if (!reader_) return;
        f = reader_->keyframeAtOrBefore(index);
    }
    std::lock_guard lock(mutex_);
    if (f.index == index && playhead_) return playhead_->keep(index, f.image);  // exact after all
    standInFor_ = index;
    standIn_ = f.image;
}

// With no request pending: one frame past the playhead, if the reader
// is there already (a plain read, ~6 ms at 720p); a request waits at most that long.
bool FrameCache::readAheadWhileIdle() {
    std::unique_lock readerLock(readerMutex_, std::try_to_lock);
    if (!readerLock.owns_lock() || !playhead_) return false;
    try {
        return playhead_->readAhead(kReadAhead);
    } catch (const std::exception&) {
        return false;  // the frame's own request reports it
    }
}

void FrameCache::decodeLoop() {
    for (;;) {
        int64_t index;
        bool standIn;
        {
            std::lock_guard lock(mutex_);
            index = pending_;
            standIn = pendingStandIn_;
            pending_ = -1;
        }
        if (index < 0) {
            if (readAheadWhileIdle()) continue;  // one frame read ahead: look for a request
            std::lock_guard lock(mutex_);
            if (pending_ >= 0) continue;
            busy_ = false;
            return;
        }
        try {
            if (standIn)
                decodeStandIn(index);
            else
                frameNow(index);
            QMetaObject::invokeMethod(
                this, [this, index] { Q_EMIT frameReady(index); }, Qt::QueuedConnection);
            postFrameTimes();
        } catch (const std::exception& e) {
            const QString msg = QString::fromStdString(e.what());
            QMetaObject::invokeMethod(
                this, [this, msg] { Q_EMIT decodeFailed(msg); }, Qt::QueuedConnection);
        }
    }
}

}  // namespace restyle::ui
