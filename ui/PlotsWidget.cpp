#include "ui/PlotsWidget.h"

#include <qcustomplot.h>
#include <QHBoxLayout>

namespace restyle::ui {

PlotsWidget::PlotsWidget(QWidget* parent) : QWidget(parent) {
    auto* v = new QHBoxLayout(this);  // side by side: the dock is wide and short
    v->setContentsMargins(2, 2, 2, 2);
    warp_ = makePlot(tr("Temporal error (x1000)"), QColor(220, 80, 60));
    reliable_ = makePlot(tr("Reliable pixels (%)"), QColor(60, 160, 90));
    ms_ = makePlot(tr("ms per frame"), QColor(70, 110, 220));
    v->addWidget(warp_);
    v->addWidget(reliable_);
    v->addWidget(ms_);
}

QCustomPlot* PlotsWidget::makePlot(const QString& title, const QColor& color) {
    auto* p = new QCustomPlot(this);
    p->setMinimumSize(140, 110);  // three fit beside each other on a small screen
    p->setToolTip(tr("%1 per frame; click a point to go to its frame").arg(title));
    p->addGraph();
    p->graph(0)->setPen(QPen(color, 1.5));
    p->plotLayout()->insertRow(0);
    auto* label = new QCPTextElement(p, title, QFont(font().family(), 8));
    p->plotLayout()->addElement(0, 0, label);
    p->xAxis->setLabel(tr("frame"));
    p->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    connect(p, &QCustomPlot::mousePress, this, [this, p](QMouseEvent* e) {
        const double x = p->xAxis->pixelToCoord(e->position().x());
        if (x >= 0) Q_EMIT frameClicked(qint64(std::llround(x)));
    });
    return p;
}

void PlotsWidget::clear() {
    for (auto* p : {warp_, reliable_, ms_}) {
        p->graph(0)->data()->clear();
        p->replot();
    }
}

void PlotsWidget::add(qint64 frame, double warpError, double reliable, double ms) {
    warp_->graph(0)->addData(double(frame), warpError * 1000.0);
    reliable_->graph(0)->addData(double(frame), reliable * 100.0);
    ms_->graph(0)->addData(double(frame), ms);
    for (auto* p : {warp_, reliable_, ms_}) {
        p->rescaleAxes();
        p->replot(QCustomPlot::rpQueuedReplot);  // coalesced: cheap at any frame rate
    }
}

int PlotsWidget::points() const {
    return warp_->graph(0)->dataCount();
}

}  // namespace restyle::ui
