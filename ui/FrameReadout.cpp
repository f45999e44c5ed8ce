#include "ui/FrameReadout.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QSpinBox>

#include "ui/ClipSession.h"

namespace restyle::ui {

FrameReadout::FrameReadout(ClipSession* session, QWidget* parent)
    : QWidget(parent), session_(session) {
    auto* h = new QHBoxLayout(this);
    h->setContentsMargins(6, 0, 6, 2);
    auto* label = new QLabel(tr("Frame"), this);
    frame_ = new QSpinBox(this);
    frame_->setObjectName("goToFrame");
    frame_->setKeyboardTracking(false);  // go on Enter, not on every digit
    frame_->setRange(0, 0);
    frame_->setAccelerated(true);
    frame_->setToolTip(
        tr("The frame under the playhead (0-based). Type a number and press "
           "Enter to go there (Ctrl+G)"));
    label->setBuddy(frame_);
    total_ = new QLabel(this);
    timecode_ = new QLabel(this);
    timecode_->setObjectName("timecode");
    timecode_->setToolTip(
        tr("Time of this frame from the clip's start (hours:minutes:seconds."
           "milliseconds), from the clip's own timestamps"));
    timecode_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    h->addWidget(label);
    h->addWidget(frame_);
    h->addWidget(total_);
    h->addSpacing(16);
    h->addWidget(timecode_);
    h->addStretch(1);
    connect(frame_, &QSpinBox::valueChanged, this, [this](int v) { session_->setCurrent(v); });
    // Enter goes to the frame and hands the keyboard back to the window: arrows, Home and
    // K step and play again instead of editing the number (as in Kdenlive's timecode box).
    connect(frame_, &QSpinBox::editingFinished, this, [this] {
        if (frame_->hasFocus() && window()) window()->setFocus(Qt::OtherFocusReason);
    });
    connect(session_, &ClipSession::currentChanged, this, &FrameReadout::update);
    connect(session_, &ClipSession::frameTimesChanged, this, &FrameReadout::update);
    connect(session_, &ClipSession::clipOpened, this, &FrameReadout::update);
    update();
}

void FrameReadout::focusGoTo() {
    frame_->setFocus(Qt::ShortcutFocusReason);
    frame_->selectAll();
}

QString FrameReadout::timecodeText() const {
    return timecode_->text();
}

void FrameReadout::update() {
    const bool open = session_->isOpen();
    setEnabled(open);
    const int64_t frames = open ? session_->frameCount() : 0;
    {
        const QSignalBlocker block(frame_);
        frame_->setRange(0, int(std::max<int64_t>(0, frames - 1)));
        frame_->setValue(int(session_->current()));
    }
    total_->setText(open ? tr("of 0–%1").arg(frames - 1) : QString());
    timecode_->setText(open
                           ? tr("%1 / %2").arg(session_->timecode(session_->current()),
                                               session_->timecode(std::max<int64_t>(0, frames - 1)))
                           : QString());
}

}  // namespace restyle::ui
