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
}

void ResultFrames::add(qint64 frame, const QImage& image) {
    recent_[frame] = image;
    while (recent_.size() > kInMemory)
        recent_.erase(recent_.begin());
}

void ResultFrames::setFile(const QString& path, const std::string& recipe) {
    file_ = path;
    recipe_ = recipe;
    decoded_.reset();
    if (path.isEmpty()) return;
    auto cache = std::make_unique<FrameCache>();
    try {
        cache->open(path);
    } catch (const std::exception&) {
        return;  // moved or deleted since: the frames in memory remain
    }
    connect(cache.get(), &FrameCache::frameReady, this, &ResultFrames::frameAvailable);
    decoded_ = std::move(cache);
}

bool ResultFrames::outdated(const std::string& currentRecipe) const {
    return !recipe_.empty() && recipe_ != currentRecipe;
}

QImage ResultFrames::frame(qint64 index) const {
    if (auto it = recent_.find(index); it != recent_.end()) return it->second;
    if (!decoded_ || index < 0 || index >= decoded_->info().frames) return {};
    if (const cv::Mat m = decoded_->cached(index); !m.empty()) return toQImage(m);
    decoded_->request(index);
    return {};
}

}  // namespace restyle::ui
