#pragma once
// Flow overlay dock: on any frame, how the keyframe's edit travels there (warped edit, flow
// colours, arrows, or unreliable pixels tinted). Flow is tracked in the background from the
// keyframe, continuing from the last frame computed when the playhead moves forward.
#include <QFutureWatcher>
#include <QImage>
#include <QWidget>
#include <memory>
#include <mutex>

#include "flow/FlowPreview.h"
#include "ui/ClipSession.h"

class QCheckBox;
class QComboBox;
class QSlider;

class QLabel;

namespace restyle::ui {

class OverlayPanel : public QWidget {
    Q_OBJECT
  public:
    OverlayPanel(ClipSession* session, QWidget* parent = nullptr);
    ~OverlayPanel() override;

    bool enabled() const;
    void setEnabled(bool on);
    void setMode(OverlayMode mode);
    // Starts computing the overlay of the current frame.
    void refresh();

  Q_SIGNALS:
    void overlayReady(qint64 frame, const QImage& image, const QString& label);
    void overlayFailed(const QString& message);
    void enabledChanged(bool on);  // off: the viewer drops the overlay it shows

  private:
    struct Tracking;  // tracker state shared with the worker
    // What the worker needs, copied on the GUI thread before it starts: the worker never
    // reads the session, which the GUI thread changes meanwhile.
    struct Request {
        int64_t target = 0;
        OverlayMode mode = OverlayMode::Warp;
        double opacity = 0.7;
        std::string method;
        int64_t anchor = 0;
        KeyframeEdit edit;
    };
    QImage compute(const Request& r);

    ClipSession* session_;
    QCheckBox* enabled_;
    QComboBox* mode_;
    QComboBox* method_;
    QLabel* busy_;  // what the worker is computing, while it does
    QSlider* opacity_;
    QFutureWatcher<QImage> watcher_;
    std::shared_ptr<Tracking> tracking_;
    int64_t computing_ = -1;
    bool again_ = false;
};

}  // namespace restyle::ui
