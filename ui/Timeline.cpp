#include "ui/Timeline.h"

#include <QKeyEvent>
#include <QPainter>
#include <QStyleOptionSlider>

namespace restyle::ui {

Timeline::Timeline(QWidget* parent) : QSlider(Qt::Horizontal, parent) {
    setRange(0, 0);
    setMinimumHeight(34);
    setFocusPolicy(Qt::StrongFocus);
    setToolTip(tr("Scrub the clip. Left/Right: step, Home/End: jump, Space: play"));
    connect(&timer_, &QTimer::timeout, this, [this] {
        if (value() >= maximum())
            timer_.stop();
        else
            setValue(value() + 1);
    });
}

void Timeline::setFrameCount(int64_t frames, double fps) {
    timer_.stop();
    setRange(0, int(std::max<int64_t>(0, frames - 1)));
    setValue(0);
    timer_.setInterval(int(1000.0 / (fps > 0 ? fps : 25.0)));
}

void Timeline::setKeyframes(const std::set<int64_t>& frames) {
    keyframes_ = frames;
    update();
}

void Timeline::togglePlay() {
    if (timer_.isActive()) {
        timer_.stop();
    } else {
        if (value() >= maximum()) setValue(0);
        timer_.start();
    }
}

void Timeline::keyPressEvent(QKeyEvent* e) {
    switch (e->key()) {
        case Qt::Key_Left:
            setValue(value() - 1);
            break;
        case Qt::Key_Right:
            setValue(value() + 1);
            break;
        case Qt::Key_Home:
            setValue(minimum());
            break;
        case Qt::Key_End:
            setValue(maximum());
            break;
        case Qt::Key_Space:
            togglePlay();
            break;
        default:
            QSlider::keyPressEvent(e);
            return;
    }
    e->accept();
}

void Timeline::paintEvent(QPaintEvent* e) {
    QSlider::paintEvent(e);
    if (maximum() <= 0) return;
    QStyleOptionSlider opt;
    initStyleOption(&opt);
    const QRect groove =
        style()->subControlRect(QStyle::CC_Slider, &opt, QStyle::SC_SliderGroove, this);
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    p.setBrush(QColor(255, 170, 0));
    p.setPen(QColor(90, 50, 0));
    for (int64_t k : keyframes_) {
        const double x = groove.left() + groove.width() * double(k) / maximum();
        const QPointF top(x, groove.top() - 2);
        const QPolygonF diamond(
            {top + QPointF(0, -6), top + QPointF(5, 0), top + QPointF(0, 6), top + QPointF(-5, 0)});
        p.drawPolygon(diamond);
    }
}

}  // namespace restyle::ui
