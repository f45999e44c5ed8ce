#pragma once
// Undoable edits of the session: parameter changes (consecutive changes of one parameter
// merge into one step, so dragging a slider is one undo) and keyframes.
#include <QUndoCommand>
#include <optional>

#include "ui/ClipSession.h"

namespace restyle::ui {

class SetParamsCommand : public QUndoCommand {
  public:
    // `changed`: the parameter's name (merging); `label`: how the artist reads it.
    SetParamsCommand(ClipSession* session, nlohmann::json before, nlohmann::json after,
                     const QString& changed, const QString& label);
    void undo() override;
    void redo() override;
    int id() const override { return 1; }
    bool mergeWith(const QUndoCommand* other) override;

  private:
    ClipSession* session_;
    nlohmann::json before_, after_;
    QString changed_;
    qint64 madeMs_;  // when the latest change merged in was made
};

class SetEditorCommand : public QUndoCommand {
  public:
    SetEditorCommand(ClipSession* session, const QString& editor, nlohmann::json params);
    void undo() override;
    void redo() override;

  private:
    ClipSession* session_;
    QString beforeEditor_, afterEditor_;
    nlohmann::json beforeParams_, afterParams_;
};

// Sets (or replaces) a keyframe; undo restores what was there.
class PutKeyframeCommand : public QUndoCommand {
  public:
    PutKeyframeCommand(ClipSession* session, KeyframeEdit keyframe);
    void undo() override;
    void redo() override;

  private:
    ClipSession* session_;
    KeyframeEdit keyframe_;
    std::optional<KeyframeEdit> previous_;
};

class RemoveKeyframeCommand : public QUndoCommand {
  public:
    RemoveKeyframeCommand(ClipSession* session, int64_t frame);
    void undo() override;
    void redo() override;

  private:
    ClipSession* session_;
    std::optional<KeyframeEdit> removed_;
    int64_t frame_;
};

}  // namespace restyle::ui
