#pragma once
// The clip's timeline: a slider to scrub, marks at keyframes and at shot cuts (a red mark
// over a shot that has no keyframe), and playback at the clip's own frame times (variable
// frame timing plays at its real pace). Keys: Left/Right step a frame, Home/End jump,
// Space plays/pauses.
#include <QElapsedTimer>
#include <QSlider>
#include <QTimer>
#include <set>
#include <vector>

namespace restyle::ui {

class Timeline : public QSlider {
    Q_OBJECT
  public:
    explicit Timeline(QWidget* parent = nullptr);
    void setFrameCount(int64_t frames, double fps);
    // Every frame's time in seconds (empty: 1/fps apart).
    void setFrameTimes(std::vector<double> seconds);
    void setKeyframes(const std::set<int64_t>& frames);
    // The first frame of each shot after the first (shot cuts).
    void setCuts(std::vector<int64_t> cuts);
    const std::vector<int64_t>& cuts() const { return cuts_; }
    // The frames propagation processes (out -1: to the end), shown as a band when not all.
    void setInOut(int64_t in, int64_t out);
    // Shots (given by their first frame, 0 for the first) that have no keyframe.
    std::vector<int64_t> shotsWithoutKeyframe() const;
    void togglePlay();
    bool playing() const { return playing_; }
    // How long frame `index` stays on screen when playing, in milliseconds.
    int frameDurationMs(int64_t index) const;

  protected:
    void paintEvent(QPaintEvent* e) override;
    void keyPressEvent(QKeyEvent* e) override;
    void mousePressEvent(QMouseEvent* e) override;

  private:
    void scheduleNext();
    double xOf(const QRect& groove, int64_t frame) const;

    std::set<int64_t> keyframes_;
    std::vector<int64_t> cuts_;
    int64_t in_ = 0, out_ = -1;
    std::vector<double> times_;
    double fps_ = 25.0;
    bool playing_ = false;
    QTimer timer_;
};

}  // namespace restyle::ui
