#include "ui/ClipSession.h"

#include <QSettings>
#include <algorithm>
#include <cmath>

namespace restyle::ui {

ClipSession::ClipSession(QObject* parent) : QObject(parent), frames_(this) {
    // The last editor and its parameters are remembered between sessions.
    QSettings settings;
    editor_ = settings.value("editor/name", editor_).toString();
    const auto saved = settings.value("editor/params").toString().toStdString();
    if (!saved.empty()) params_ = nlohmann::json::parse(saved, nullptr, false);
    if (!params_.is_object()) params_ = nlohmann::json::object();
    auto save = [this] {
        QSettings s;
        s.setValue("editor/name", editor_);
        s.setValue("editor/params", QString::fromStdString(params_.dump()));
    };
    connect(this, &ClipSession::editorChanged, this, save);
    connect(this, &ClipSession::paramsChanged, this, save);
    connect(&frames_, &FrameCache::frameTimesReady, this, [this](const std::vector<double>& t) {
        times_ = t;
        Q_EMIT frameTimesChanged();
    });
}

double ClipSession::secondsAt(int64_t index) const {
    if (index >= 0 && index < int64_t(times_.size())) return times_[size_t(index)];
    const double fps = frames_.info().fps();
    return fps > 0 ? double(index) / fps : 0.0;
}

QString ClipSession::timecode(int64_t index) const {
    // From the first frame, as editors count: a stream that starts late (Megamind.avi's first
    // frame is at 0.042 s) still reads 00:00:00.000 at frame 0.
    const double seconds = secondsAt(index) - secondsAt(0);
    const auto ms = int64_t(std::llround(std::max(0.0, seconds) * 1000));
    return QString("%1:%2:%3.%4")
        .arg(ms / 3600000, 2, 10, QChar('0'))
        .arg(ms / 60000 % 60, 2, 10, QChar('0'))
        .arg(ms / 1000 % 60, 2, 10, QChar('0'))
        .arg(ms % 1000, 3, 10, QChar('0'));
}

bool ClipSession::open(const QString& path, QString* error) {
    try {
        frames_.open(path);
    } catch (const std::exception& e) {
        if (error) *error = QString::fromStdString(e.what());
        return false;
    }
    keyframes_.clear();
    undo_.clear();
    times_.clear();
    current_ = 0;
    in_ = 0;
    out_ = -1;
    // The emptied keyframes first: clipOpened then starts a clean project (ProjectController);
    // the other way round, opening a clip counted as a change to save.
    Q_EMIT keyframesChanged();
    Q_EMIT rangeChanged();
    Q_EMIT clipOpened();
    Q_EMIT currentChanged(0);
    return true;
}

void ClipSession::setCurrent(int64_t index) {
    if (!isOpen()) return;
    index = std::clamp<int64_t>(index, 0, std::max<int64_t>(0, frameCount() - 1));
    if (index == current_) return;
    current_ = index;
    Q_EMIT currentChanged(index);
}

void ClipSession::setEditor(const QString& name, const nlohmann::json& params) {
    editor_ = name;
    params_ = params;
    Q_EMIT editorChanged();
    Q_EMIT paramsChanged();
}

void ClipSession::setParams(const nlohmann::json& params) {
    params_ = params;
    Q_EMIT paramsChanged();
}

void ClipSession::putKeyframe(const KeyframeEdit& k) {
    keyframes_[k.frame] = k;
    Q_EMIT keyframesChanged();
}

void ClipSession::removeKeyframe(int64_t frame) {
    keyframes_.erase(frame);
    Q_EMIT keyframesChanged();
}

void ClipSession::setRange(int64_t in, int64_t out) {
    const int64_t last = std::max<int64_t>(0, frameCount() - 1);
    in = std::clamp<int64_t>(in, 0, last);
    out = out < 0 || out >= last ? -1 : std::max(out, in);
    if (in == in_ && out == out_) return;
    in_ = in;
    out_ = out;
    Q_EMIT rangeChanged();
}

std::vector<Keyframe> ClipSession::coreKeyframes(bool forAnotherClip) const {
    auto toCore = [](const KeyframeEdit& k, int64_t frame) {
        Keyframe c;
        c.frame = frame;
        c.editor = k.editor.toStdString();
        c.params = k.params;
        c.image = k.image.toStdString();
        return c;
    };
    std::vector<Keyframe> out;
    if (forAnotherClip) {
        // A painted frame belongs to its own clip; the first editor keyframe carries over.
        for (const auto& [frame, k] : keyframes_)
            if (!k.editor.isEmpty()) return {toCore(k, 0)};
    } else {
        // Every keyframe at its own frame, as the artist set it (a project keeps them all).
        // With a range, the core starts at the latest keyframe at or before the in point (a
        // lead-in it does not write) and blends toward the first after the out point, so the
        // range comes out exactly as those frames of a run over the whole clip.
        for (const auto& [frame, k] : keyframes_)
            out.push_back(toCore(k, frame));
    }
    if (out.empty()) {
        KeyframeEdit current{in_, editor_, params_, {}};
        out.push_back(toCore(current, forAnotherClip ? 0 : in_));
    }
    return out;
}

}  // namespace restyle::ui
