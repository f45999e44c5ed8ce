#include "ui/PlotsWidget.h"

#include <QFile>
#include <algorithm>

#include <qcustomplot.h>
#include <QHBoxLayout>

namespace restyle::ui {

namespace {

// Frames and steps are whole numbers: the usual readable steps (1, 2, 5, 10...) but never
// below 1 (a frame axis read "90.5").
class WholeTicker : public QCPAxisTicker {
  protected:
    double getTickStep(const QCPRange& range) override {
        return std::max(1.0, QCPAxisTicker::getTickStep(range));
    }
};

}  // namespace

PlotsWidget::PlotsWidget(QWidget* parent) : QWidget(parent) {
    auto* v = new QHBoxLayout(this);  // side by side: the dock is wide and short
    v->setContentsMargins(2, 2, 2, 2);
    warp_ = makePlot(tr("Temporal error (x1000)"), QColor(220, 80, 60));
    reliable_ = makePlot(tr("Reliable pixels (%)"), QColor(60, 160, 90));
    ms_ = makePlot(tr("ms per frame"), QColor(70, 110, 220));
    // The style network's training loss (few-shot engine, style-net fill): shown while and
    // after it learns, so the artist sees whether a longer budget would still help.
    loss_ = makePlot(tr("Training loss"), QColor(200, 150, 40), tr("step"));
    loss_->hide();
    v->addWidget(warp_);
    v->addWidget(reliable_);
    v->addWidget(ms_);
    v->addWidget(loss_);
}

QCustomPlot* PlotsWidget::makePlot(const QString& title, const QColor& color, const QString& x) {
    auto* p = new QCustomPlot(this);
    p->setMinimumSize(140, 110);  // three fit beside each other on a small screen
    p->setToolTip(x.isEmpty() ? tr("%1 per frame; click a point to go to its frame").arg(title)
                              : tr("%1 per %2").arg(title, x));
    p->addGraph();
    p->graph(0)->setPen(QPen(color, 1.5));
    p->plotLayout()->insertRow(0);
    auto* label = new QCPTextElement(p, title, QFont(font().family(), 8));
    p->plotLayout()->addElement(0, 0, label);
    p->xAxis->setLabel(x.isEmpty() ? tr("frame") : x);
    p->yAxis->ticker()->setTickCount(3);  // readable labels in a short plot
    p->xAxis->setTicker(QSharedPointer<QCPAxisTicker>(new WholeTicker));
    p->xAxis->ticker()->setTickCount(3);
    // A frame label per 60 px or so: "90 100110120130" ran together in a narrow plot.
    connect(p, &QCustomPlot::beforeReplot, p, [p] {
        p->xAxis->ticker()->setTickCount(std::clamp(p->axisRect()->width() / 60, 2, 6));
    });
    applyPalette(p);
    p->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    if (!x.isEmpty()) return p;  // not per frame: a click goes nowhere
    connect(p, &QCustomPlot::mousePress, this, [this, p](QMouseEvent* e) {
        const double x = p->xAxis->pixelToCoord(e->position().x());
        if (x >= 0) Q_EMIT frameClicked(qint64(std::llround(x)));
    });
    return p;
}

// The window's colours (dark or light theme), not QCustomPlot's fixed white.
void PlotsWidget::applyPalette(QCustomPlot* p) {
    const QPalette pal = palette();
    p->setBackground(pal.color(QPalette::Base));
    const QColor text = pal.color(QPalette::Text);
    for (QCPAxis* axis : {p->xAxis, p->yAxis}) {
        axis->setBasePen(QPen(text));
        axis->setTickPen(QPen(text));
        axis->setSubTickPen(QPen(text));
        axis->setTickLabelColor(text);
        axis->setLabelColor(text);
        axis->grid()->setPen(QPen(pal.color(QPalette::Mid), 0, Qt::DotLine));
    }
    if (auto* title = qobject_cast<QCPTextElement*>(p->plotLayout()->element(0, 0)))
        title->setTextColor(text);
    p->replot();
}

void PlotsWidget::changeEvent(QEvent* e) {
    QWidget::changeEvent(e);
    if (e->type() == QEvent::PaletteChange)
        for (auto* p : {warp_, reliable_, ms_, loss_})
            if (p) applyPalette(p);
}

void PlotsWidget::clear() {
    loss_->hide();
    for (auto* p : {warp_, reliable_, ms_, loss_}) {
        p->graph(0)->data()->clear();
        p->xAxis->setRange(0, 1);  // no axes left over from the previous clip's run
        p->yAxis->setRange(0, 1);
        p->replot();
    }
}

bool PlotsWidget::loadCsv(const QString& path) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly | QIODevice::Text)) return false;
    clear();
    f.readLine();  // frame,warp_error,reliable_share,ms
    while (!f.atEnd()) {
        const QList<QByteArray> v = f.readLine().trimmed().split(',');
        if (v.size() == 4)
            add(v[0].toLongLong(), v[1].toDouble(), v[2].toDouble(), v[3].toDouble());
    }
    return true;
}

void PlotsWidget::add(qint64 frame, double warpError, double reliable, double ms) {
    warp_->graph(0)->addData(double(frame), warpError * 1000.0);
    reliable_->graph(0)->addData(double(frame), reliable * 100.0);
    ms_->graph(0)->addData(double(frame), ms);
    for (auto* p : {warp_, reliable_, ms_})
        p->rescaleAxes();
    // A share: up to 100%, and at least 10 points tall (a flat 100% line once read as
    // wild swings on a 99.5-100.5 axis).
    const QCPRange r = reliable_->yAxis->range();
    reliable_->yAxis->setRange(std::min(r.lower, 90.0), 100.0);
    for (auto* p : {warp_, reliable_, ms_})
        p->replot(QCustomPlot::rpQueuedReplot);  // coalesced: cheap at any frame rate
}

void PlotsWidget::addLoss(qint64 step, double loss) {
    loss_->show();
    loss_->graph(0)->addData(double(step), loss);
    loss_->rescaleAxes();
    loss_->replot(QCustomPlot::rpQueuedReplot);
}

int PlotsWidget::lossPoints() const {
    return loss_->graph(0)->dataCount();
}

int PlotsWidget::points() const {
    return warp_->graph(0)->dataCount();
}

}  // namespace restyle::ui
