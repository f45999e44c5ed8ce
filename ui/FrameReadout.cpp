#include "ui/FrameReadout.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QSpinBox>
#include <algorithm>

#include "ui/ClipSession.h"

namespace restyle::ui {

namespace {

// A typed frame past the last goes to the last (9999 on a 795-frame clip is frame 794), as a
// timecode box does; a plain QSpinBox refuses the digit and goes to frame 999's prefix, 99.
class FrameSpinBox : public QSpinBox {
  public:
    using QSpinBox::QSpinBox;

  protected:
    QValidator::State validate(QString& text, int& pos) const override {
        const QValidator::State state = QSpinBox::validate(text, pos);
        bool number = false;
        text.trimmed().toLongLong(&number);
        return state == QValidator::Invalid && number ? QValidator::Intermediate : state;
    }
    void fixup(QString& text) const override {
        bool number = false;
        const qlonglong v = text.trimmed().toLongLong(&number);
        if (number) text = QString::number(std::clamp<qlonglong>(v, minimum(), maximum()));
    }
};

}  // namespace

FrameReadout::FrameReadout(ClipSession* session, QWidget* parent)
    : QWidget(parent), session_(session) {
    auto* h = new QHBoxLayout(this);
    h->setContentsMargins(6, 0, 6, 2);
    auto* label = new QLabel(tr("Frame"), this);
    frame_ = new FrameSpinBox(this);
    frame_->setObjectName("goToFrame");
    frame_->setCorrectionMode(QAbstractSpinBox::CorrectToNearestValue);
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
