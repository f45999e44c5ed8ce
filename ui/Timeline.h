#pragma once
// The clip's timeline: a slider to scrub, marks at keyframes, and playback at the clip's
// frame rate. Keys: Left/Right step a frame, Home/End jump, Space plays/pauses.
#include <QSlider>
#include <QTimer>
#include <set>

namespace restyle::ui {

class Timeline : public QSlider {
    Q_OBJECT
  public:
    explicit Timeline(QWidget* parent = nullptr);
    void setFrameCount(int64_t frames, double fps);
    void setKeyframes(const std::set<int64_t>& frames);
    void togglePlay();
    bool playing() const { return timer_.isActive(); }

  protected:
    void paintEvent(QPaintEvent* e) override;
    void keyPressEvent(QKeyEvent* e) override;

  private:
    std::set<int64_t> keyframes_;
    QTimer timer_;
};

}  // namespace restyle::ui
