#include "ui/Timeline.h"

#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QStyle>
#include <QStyleOptionSlider>
#include <algorithm>
#include <cmath>

namespace restyle::ui {

Timeline::Timeline(QWidget* parent) : QSlider(Qt::Horizontal, parent) {
    setObjectName("timeline");
    setRange(0, 0);
    setMinimumHeight(34);
    setFocusPolicy(Qt::StrongFocus);
    setToolTip(
        tr("Scrub the clip. Left/Right: step, Home/End: jump, Space: play. Orange "
           "diamonds: keyframes; blue marks: shot cuts (red: a shot with no keyframe)"));
    timer_.setSingleShot(true);
    timer_.setTimerType(Qt::PreciseTimer);
    connect(&timer_, &QTimer::timeout, this, [this] {
        if (value() >= maximum()) {
            playing_ = false;
            return;
        }
        setValue(value() + 1);
        scheduleNext();
    });
}

void Timeline::setFrameCount(int64_t frames, double fps) {
    timer_.stop();
    playing_ = false;
    times_.clear();
    cuts_.clear();
    setRange(0, int(std::max<int64_t>(0, frames - 1)));
    setValue(0);
    fps_ = fps > 0 ? fps : 25.0;
}

void Timeline::setFrameTimes(std::vector<double> seconds) {
    times_ = std::move(seconds);
}

int Timeline::frameDurationMs(int64_t index) const {
    if (index >= 0 && index + 1 < int64_t(times_.size())) {
        const double d = times_[size_t(index + 1)] - times_[size_t(index)];
        return std::clamp(int(std::lround(d * 1000)), 1, 10000);
    }
    return std::max(1, int(std::lround(1000.0 / fps_)));
}

void Timeline::scheduleNext() {
    if (playing_) timer_.start(frameDurationMs(value()));
}

void Timeline::setKeyframes(const std::set<int64_t>& frames) {
    keyframes_ = frames;
    update();
}

void Timeline::setCuts(std::vector<int64_t> cuts) {
    cuts_ = std::move(cuts);
    std::sort(cuts_.begin(), cuts_.end());
    update();
}

std::vector<int64_t> Timeline::shotsWithoutKeyframe() const {
    std::vector<int64_t> starts{0};
    for (int64_t c : cuts_)
        if (c > 0) starts.push_back(c);
    std::vector<int64_t> bare;
    for (size_t i = 0; i < starts.size(); ++i) {
        const int64_t end = i + 1 < starts.size() ? starts[i + 1] : int64_t(maximum()) + 1;
        auto k = keyframes_.lower_bound(starts[i]);
        if (k == keyframes_.end() || *k >= end) bare.push_back(starts[i]);
    }
    // With no cuts the whole clip is one shot; the current editor serves as its keyframe.
    if (cuts_.empty()) return {};
    return bare;
}

void Timeline::togglePlay() {
    if (playing_) {
        playing_ = false;
        timer_.stop();
        return;
    }
    if (value() >= maximum()) setValue(0);
    playing_ = true;
    scheduleNext();
}

// A click on the track jumps to the frame under the mouse (and drags from there), as in a
// video editor, instead of QSlider's page step.
void Timeline::mousePressEvent(QMouseEvent* e) {
    if (e->button() == Qt::LeftButton && maximum() > minimum()) {
        QStyleOptionSlider opt;
        initStyleOption(&opt);
        const QRect handle =
            style()->subControlRect(QStyle::CC_Slider, &opt, QStyle::SC_SliderHandle, this);
        if (!handle.contains(e->position().toPoint())) {
            const QRect groove =
                style()->subControlRect(QStyle::CC_Slider, &opt, QStyle::SC_SliderGroove, this);
            const int span = std::max(1, groove.width() - handle.width());
            const int x = int(e->position().x()) - groove.x() - handle.width() / 2;
            setValue(QStyle::sliderValueFromPosition(minimum(), maximum(), x, span));
        }
    }
    QSlider::mousePressEvent(e);
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

double Timeline::xOf(const QRect& groove, int64_t frame) const {
    return groove.left() + groove.width() * double(frame) / std::max(1, maximum());
}

void Timeline::setInOut(int64_t in, int64_t out) {
    in_ = in;
    out_ = out;
    update();
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
    if (in_ > 0 || out_ >= 0) {  // the range to propagate, over the groove
        const double a = xOf(groove, in_), b = xOf(groove, out_ < 0 ? maximum() : out_);
        p.setPen(Qt::NoPen);
        p.setBrush(QColor(90, 200, 120, 90));
        p.drawRect(QRectF(a, groove.top() - 4, std::max(2.0, b - a), groove.height() + 8));
        p.setPen(QPen(QColor(60, 170, 90), 2));
        p.drawLine(QPointF(a, groove.top() - 8), QPointF(a, groove.bottom() + 8));
        p.drawLine(QPointF(b, groove.top() - 8), QPointF(b, groove.bottom() + 8));
    }
    const auto bare = shotsWithoutKeyframe();
    for (int64_t c : cuts_) {
        const double x = xOf(groove, c);
        p.setPen(QPen(QColor(80, 160, 255), 2));
        p.drawLine(QPointF(x, groove.top() - 8), QPointF(x, groove.bottom() + 8));
    }
    for (int64_t s : bare) {  // a shot the propagation reaches only across a cut
        const double x = xOf(groove, s);
        p.setPen(Qt::NoPen);
        p.setBrush(QColor(230, 60, 50));
        p.drawRect(QRectF(x, groove.bottom() + 4, 8, 4));
    }
    p.setBrush(QColor(255, 170, 0));
    p.setPen(QColor(90, 50, 0));
    for (int64_t k : keyframes_) {
        // Kept whole at the ends of the track.
        const QPointF top(std::clamp(xOf(groove, k), 5.0, width() - 5.0), groove.top() - 2);
        const QPolygonF diamond(
            {top + QPointF(0, -6), top + QPointF(5, 0), top + QPointF(0, 6), top + QPointF(-5, 0)});
        p.drawPolygon(diamond);
    }
}

}  // namespace restyle::ui
