#pragma once
// Under the viewer: the frame number (type one and press Enter to go there; Ctrl+G) and the
// timecode of the frame under the playhead, from the clip's own timestamps.
#include <QWidget>

class QLabel;
class QSpinBox;

namespace restyle::ui {

class ClipSession;

class FrameReadout : public QWidget {
    Q_OBJECT
  public:
    explicit FrameReadout(ClipSession* session, QWidget* parent = nullptr);
    void focusGoTo();  // selects the frame number for typing
    QSpinBox* frameBox() const { return frame_; }
    QString timecodeText() const;

  private:
    void update();

    ClipSession* session_;
    QSpinBox* frame_;
    QLabel* total_;
    QLabel* timecode_;
};

}  // namespace restyle::ui
