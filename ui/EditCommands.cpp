#include "ui/EditCommands.h"

namespace restyle::ui {

SetParamsCommand::SetParamsCommand(ClipSession* session, nlohmann::json before,
                                   nlohmann::json after, const QString& changed,
                                   const QString& label)
    : session_(session), before_(std::move(before)), after_(std::move(after)), changed_(changed) {
    setText(QObject::tr("Change %1").arg(label));
}

void SetParamsCommand::undo() {
    session_->setParams(before_);
}
void SetParamsCommand::redo() {
    session_->setParams(after_);
}

bool SetParamsCommand::mergeWith(const QUndoCommand* other) {
    const auto* o = static_cast<const SetParamsCommand*>(other);
    if (o->changed_ != changed_) return false;
    after_ = o->after_;
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
