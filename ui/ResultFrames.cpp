#include "ui/ResultFrames.h"

#include "ui/FrameCache.h"
#include "ui/ImageConvert.h"

namespace restyle::ui {

ResultFrames::ResultFrames(QObject* parent) : QObject(parent) {}

ResultFrames::~ResultFrames() = default;

void ResultFrames::clear() {
    recent_.clear();
    decoded_.reset();
    file_.clear();
    recipe_.clear();
    first_ = 0;
}

void ResultFrames::add(qint64 frame, const QImage& image) {
    recent_[frame] = image;
    while (recent_.size() > kInMemory)
        recent_.erase(recent_.begin());
}

void ResultFrames::setFile(const QString& path, const std::string& recipe, qint64 firstFrame) {
    file_ = path;
    recipe_ = recipe;
    first_ = firstFrame;
    decoded_.reset();
    if (path.isEmpty()) return;
    auto cache = std::make_unique<FrameCache>();
    try {
        cache->open(path);
    } catch (const std::exception&) {
        return;  // moved or deleted since: the frames in memory remain
    }
    connect(cache.get(), &FrameCache::frameReady, this,
            [this](qint64 i) { Q_EMIT frameAvailable(i + first_); });
    decoded_ = std::move(cache);
}

bool ResultFrames::outdated(const std::string& currentRecipe) const {
    return !recipe_.empty() && recipe_ != currentRecipe;
}

QImage ResultFrames::frame(qint64 index) const {
    if (auto it = recent_.find(index); it != recent_.end()) return it->second;
    const qint64 inFile = index - first_;
    if (!decoded_ || inFile < 0 || inFile >= decoded_->info().frames) return {};
    if (const cv::Mat m = decoded_->cached(inFile); !m.empty()) return toQImage(m);
    decoded_->request(inFile);
    return {};
}

}  // namespace restyle::ui
