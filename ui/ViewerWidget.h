#pragma once
// Shows the frame under the playhead and its processed version (editor preview, flow
// overlay or propagated result): source only, processed only, side by side, or a
// before/after split with a draggable divider. Fit to the window or zoomed (wheel, 100%).
#include <QImage>
#include <QWidget>

namespace restyle::ui {

class ViewerWidget : public QWidget {
    Q_OBJECT
  public:
    enum class Mode { Source, Processed, SideBySide, Split };
    explicit ViewerWidget(QWidget* parent = nullptr);

    void setSource(const QImage& image);
    void setProcessed(const QImage& image, const QString& label);
    void clearProcessed();
    void setMode(Mode mode);
    Mode mode() const { return mode_; }
    void setFit(bool fit);  // false: 100% (then the wheel zooms)
    double divider() const { return divider_; }
    const QImage& processed() const { return processed_; }
    QString processedLabel() const { return label_; }
    // While the frame under the playhead is decoded, the last picture stays dimmed under
    // `note` ("Decoding frame 480…"), so it is never taken for the new frame; empty clears it.
    void setPending(const QString& note);
    QString pendingNote() const { return pending_; }

  Q_SIGNALS:
    void modeChanged();

  protected:
    void paintEvent(QPaintEvent*) override;
    void mousePressEvent(QMouseEvent*) override;
    void mouseMoveEvent(QMouseEvent*) override;
    void mouseReleaseEvent(QMouseEvent*) override;
    void wheelEvent(QWheelEvent*) override;

  private:
    void paintFrames();
    QRectF targetRect(const QSize& image, const QRectF& area) const;

    QImage source_, processed_;
    QString label_;
    QString pending_;
    Mode mode_ = Mode::Split;
    bool fit_ = true;
    double zoom_ = 1.0;
    double divider_ = 0.5;
    bool draggingDivider_ = false;
};

}  // namespace restyle::ui
