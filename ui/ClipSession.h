#pragma once
// What the artist is working on: the open clip, the frame under the playhead, the editor
// and its parameters, and the keyframes. Parameter and keyframe edits go through the undo
// stack (EditCommands.h).
#include <QObject>
#include <QString>
#include <QUndoStack>
#include <map>
#include <nlohmann/json.hpp>

#include "jobs/Job.h"
#include "ui/FrameCache.h"

namespace restyle::ui {

struct KeyframeEdit {
    int64_t frame = 0;
    QString editor;  // empty for a painted frame
    nlohmann::json params = nlohmann::json::object();
    QString image;  // a painted frame's file, or empty
};

class ClipSession : public QObject {
    Q_OBJECT
  public:
    explicit ClipSession(QObject* parent = nullptr);

    FrameCache& frames() { return frames_; }
    QUndoStack* undoStack() { return &undo_; }

    // Opens a clip; false with `error` set (naming the file) when it cannot be read.
    bool open(const QString& path, QString* error);
    bool isOpen() const { return frames_.isOpen(); }
    QString path() const { return frames_.path(); }
    int64_t frameCount() const { return frames_.info().frames; }

    int64_t current() const { return current_; }
    void setCurrent(int64_t index);

    // When frame `index` is shown, in seconds from the start: the clip's own timestamps
    // once the decoder has indexed them (variable frame timing), index / fps until then.
    double secondsAt(int64_t index) const;
    const std::vector<double>& frameTimes() const { return times_; }
    // "hh:mm:ss.mmm" for frame `index`.
    QString timecode(int64_t index) const;

    QString editorName() const { return editor_; }
    nlohmann::json params() const { return params_; }
    // Direct setters; user edits go through EditCommands so they can be undone.
    void setEditor(const QString& name, const nlohmann::json& params);
    void setParams(const nlohmann::json& params);

    const std::map<int64_t, KeyframeEdit>& keyframes() const { return keyframes_; }
    void putKeyframe(const KeyframeEdit& k);
    void removeKeyframe(int64_t frame);

    // The frames propagation processes: in to out (-1: the clip's end). Reset on open.
    int64_t inPoint() const { return in_; }
    int64_t outPoint() const { return out_; }
    void setRange(int64_t in, int64_t out);

    // The keyframes as the core takes them for the range: those inside it (and the first one
    // after it, which the range's end blends toward); the editor keyframe before the range
    // (or the current editor when none is set) applied afresh at its first frame.
    std::vector<Keyframe> coreKeyframes(bool forAnotherClip = false) const;

  Q_SIGNALS:
    void clipOpened();
    void currentChanged(qint64 index);
    void editorChanged();
    void paramsChanged();
    void keyframesChanged();
    void frameTimesChanged();
    void rangeChanged();

  private:
    FrameCache frames_;
    QUndoStack undo_;
    int64_t current_ = 0;
    int64_t in_ = 0, out_ = -1;
    std::vector<double> times_;
    QString editor_ = "cartoon";
    nlohmann::json params_ = nlohmann::json::object();
    std::map<int64_t, KeyframeEdit> keyframes_;
};

}  // namespace restyle::ui
