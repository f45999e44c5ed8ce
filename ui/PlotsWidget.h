#pragma once
// Per-frame plots of a running propagation (QCustomPlot): temporal warping error, share of
// reliable pixels and ms per frame, updated live. Clicking a plot jumps to that frame.
#include <QWidget>

class QCustomPlot;

namespace restyle::ui {

class PlotsWidget : public QWidget {
    Q_OBJECT
  public:
    explicit PlotsWidget(QWidget* parent = nullptr);
    void clear();
    void add(qint64 frame, double warpError, double reliable, double ms);
    int points() const;

  Q_SIGNALS:
    void frameClicked(qint64 frame);

  private:
    QCustomPlot* makePlot(const QString& title, const QColor& color);
    QCustomPlot* warp_;
    QCustomPlot* reliable_;
    QCustomPlot* ms_;
};

}  // namespace restyle::ui
