#include "ui/EditCommands.h"

#include <QDateTime>

namespace restyle::ui {

SetParamsCommand::SetParamsCommand(ClipSession* session, nlohmann::json before,
                                   nlohmann::json after, const QString& changed,
                                   const QString& label)
    : session_(session),
      before_(std::move(before)),
      after_(std::move(after)),
      changed_(changed),
      madeMs_(QDateTime::currentMSecsSinceEpoch()) {
    setText(QObject::tr("Change %1").arg(label));
}

void SetParamsCommand::undo() {
    session_->setParams(before_);
}
void SetParamsCommand::redo() {
    session_->setParams(after_);
}

bool SetParamsCommand::mergeWith(const QUndoCommand* other) {
    // A slider drag or held arrow key is one step; two deliberate changes of one field (a
    // file chosen, then another typed) are two, so undo goes back to the first.
    constexpr qint64 kContinuousMs = 1000;
    const auto* o = static_cast<const SetParamsCommand*>(other);
    if (o->changed_ != changed_ || o->madeMs_ - madeMs_ > kContinuousMs) return false;
    after_ = o->after_;
    madeMs_ = o->madeMs_;
    return true;
}

SetEditorCommand::SetEditorCommand(ClipSession* session, const QString& editor,
                                   nlohmann::json params)
    : session_(session),
      beforeEditor_(session->editorName()),
      afterEditor_(editor),
      beforeParams_(session->params()),
      afterParams_(std::move(params)) {
    setText(QObject::tr("Choose the %1 editor").arg(editor));
}

void SetEditorCommand::undo() {
    session_->setEditor(beforeEditor_, beforeParams_);
}
void SetEditorCommand::redo() {
    session_->setEditor(afterEditor_, afterParams_);
}

PutKeyframeCommand::PutKeyframeCommand(ClipSession* session, KeyframeEdit keyframe)
    : session_(session), keyframe_(std::move(keyframe)) {
    const auto& k = session->keyframes();
    if (auto it = k.find(keyframe_.frame); it != k.end()) previous_ = it->second;
    setText(keyframe_.image.isEmpty()
                ? QObject::tr("Set keyframe at frame %1").arg(keyframe_.frame)
                : QObject::tr("Import painted frame at frame %1").arg(keyframe_.frame));
}

void PutKeyframeCommand::undo() {
    if (previous_)
        session_->putKeyframe(*previous_);
    else
        session_->removeKeyframe(keyframe_.frame);
}

void PutKeyframeCommand::redo() {
    session_->putKeyframe(keyframe_);
}

RemoveKeyframeCommand::RemoveKeyframeCommand(ClipSession* session, int64_t frame)
    : session_(session), frame_(frame) {
    const auto& k = session->keyframes();
    if (auto it = k.find(frame); it != k.end()) removed_ = it->second;
    setText(QObject::tr("Remove keyframe at frame %1").arg(frame));
}

void RemoveKeyframeCommand::undo() {
    if (removed_) session_->putKeyframe(*removed_);
}

void RemoveKeyframeCommand::redo() {
    session_->removeKeyframe(frame_);
}

}  // namespace restyle::ui
