#pragma once
// Per-frame plots of a running propagation (QCustomPlot): temporal warping error, share of
// reliable pixels and ms per frame, updated live, and the style network's training loss when
// one learns. Clicking a per-frame plot jumps to that frame.
#include <QWidget>

class QCustomPlot;

namespace restyle::ui {

class PlotsWidget : public QWidget {
    Q_OBJECT
  public:
    explicit PlotsWidget(QWidget* parent = nullptr);
    void clear();
    void add(qint64 frame, double warpError, double reliable, double ms);
    // The per-frame metrics a run wrote (restyle's metrics CSV), e.g. of a reopened result;
    // false when there is no such file.
    bool loadCsv(const QString& path);
    int points() const;
    void addLoss(qint64 step, double loss);  // the style network's training
    int lossPoints() const;

  Q_SIGNALS:
    void frameClicked(qint64 frame);

  protected:
    void changeEvent(QEvent* e) override;  // the theme changed: recolour the plots

  private:
    // `x`: what the x axis counts (empty: frames, and a click goes to the frame).
    QCustomPlot* makePlot(const QString& title, const QColor& color, const QString& x = {});
    void applyPalette(QCustomPlot* p);
    QCustomPlot* warp_ = nullptr;
    QCustomPlot* reliable_ = nullptr;
    QCustomPlot* ms_ = nullptr;
    QCustomPlot* loss_ = nullptr;
};

}  // namespace restyle::ui
