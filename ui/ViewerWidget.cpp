#include "ui/ViewerWidget.h"

#include <QMouseEvent>
#include <QPainter>
#include <QWheelEvent>
#include <algorithm>
#include <cmath>

namespace restyle::ui {

ViewerWidget::ViewerWidget(QWidget* parent) : QWidget(parent) {
    setMinimumSize(320, 180);
    setMouseTracking(false);
    setFocusPolicy(Qt::ClickFocus);  // a click takes the keyboard back from a text field
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
}

void ViewerWidget::setSource(const QImage& image) {
    source_ = image;
    update();
}

void ViewerWidget::setProcessed(const QImage& image, const QString& label) {
    processed_ = image;
    label_ = label;
    update();
}

void ViewerWidget::setPending(const QString& note) {
    if (note == pending_) return;
    pending_ = note;
    update();
}

void ViewerWidget::clearProcessed() {
    processed_ = QImage();
    label_.clear();
    update();
}

void ViewerWidget::setMode(Mode mode) {
    mode_ = mode;
    update();
    Q_EMIT modeChanged();
}

void ViewerWidget::setFit(bool fit) {
    fit_ = fit;
    zoom_ = 1.0;
    update();
}

QRectF ViewerWidget::targetRect(const QSize& image, const QRectF& area) const {
    if (image.isEmpty()) return {};
    double scale = zoom_;
    if (fit_) scale = std::min(area.width() / image.width(), area.height() / image.height());
    const QSizeF s(image.width() * scale, image.height() * scale);
    return QRectF(area.center() - QPointF(s.width() / 2, s.height() / 2), s);
}

void ViewerWidget::paintEvent(QPaintEvent*) {
    paintFrames();
    if (pending_.isEmpty() || source_.isNull()) return;
    QPainter p(this);
    p.fillRect(rect(), QColor(20, 20, 24, 150));
    p.setPen(Qt::white);
    p.drawText(rect(), Qt::AlignCenter, pending_);
}

void ViewerWidget::paintFrames() {
    QPainter p(this);
    p.fillRect(rect(), QColor(32, 32, 36));
    p.setRenderHint(QPainter::SmoothPixmapTransform, fit_ || zoom_ < 1.0);
    if (source_.isNull()) {
        p.setPen(QColor(170, 170, 180));
        p.drawText(rect(), Qt::AlignCenter,
                   tr("Open a clip (Ctrl+O) or drop one here to start restyling."));
        return;
    }
    const bool hasProcessed = !processed_.isNull();
    const QRectF area = rect().adjusted(8, 8, -8, -8);
    auto caption = [&](const QRectF& r, const QString& text) {
        const QRectF box(r.topLeft() + QPointF(6, 6),
                         QSizeF(p.fontMetrics().horizontalAdvance(text) + 12, 20));
        p.fillRect(box, QColor(0, 0, 0, 150));
        p.setPen(Qt::white);
        p.drawText(box, Qt::AlignCenter, text);
    };
    if (mode_ == Mode::SideBySide && hasProcessed) {
        const QRectF left(area.left(), area.top(), area.width() / 2 - 4, area.height());
        const QRectF right(area.center().x() + 4, area.top(), area.width() / 2 - 4, area.height());
        const QRectF a = targetRect(source_.size(), left), b = targetRect(processed_.size(), right);
        p.drawImage(a, source_);
        p.drawImage(b, processed_);
        caption(a, tr("Source"));
        caption(b, label_);
        return;
    }
    const QRectF target = targetRect(source_.size(), area);
    if (mode_ == Mode::Source || !hasProcessed) {
        p.drawImage(target, source_);
        caption(target, tr("Source"));
        return;
    }
    if (mode_ == Mode::Processed) {
        p.drawImage(target, processed_);
        caption(target, label_);
        return;
    }
    // Split: source left of the divider, processed right of it.
    const double x = target.left() + target.width() * divider_;
    p.drawImage(target, processed_);
    p.save();
    p.setClipRect(QRectF(target.left(), target.top(), x - target.left(), target.height()));
    p.drawImage(target, source_.size() == processed_.size()
                            ? source_
                            : source_.scaled(processed_.size(), Qt::IgnoreAspectRatio,
                                             Qt::SmoothTransformation));
    p.restore();
    p.setPen(QPen(QColor(255, 255, 255, 220), 2));
    p.drawLine(QPointF(x, target.top()), QPointF(x, target.bottom()));
    p.setBrush(Qt::white);
    p.drawEllipse(QPointF(x, target.center().y()), 6, 6);
    caption(target, tr("Source"));
    caption(QRectF(QPointF(x, target.top()), target.bottomRight()), label_);
}

// The split divider moves when it is grabbed (within a few pixels), not on any click: a click
// to focus the viewer must not change what it shows.
void ViewerWidget::mousePressEvent(QMouseEvent* e) {
    draggingDivider_ = false;
    if (mode_ != Mode::Split || source_.isNull() || e->button() != Qt::LeftButton) return;
    const QRectF target = targetRect(source_.size(), rect().adjusted(8, 8, -8, -8));
    const double x = target.left() + target.width() * divider_;
    draggingDivider_ = std::abs(e->position().x() - x) <= 10;
    if (draggingDivider_) setCursor(Qt::SplitHCursor);
}

void ViewerWidget::mouseReleaseEvent(QMouseEvent*) {
    draggingDivider_ = false;
    unsetCursor();
}

void ViewerWidget::mouseMoveEvent(QMouseEvent* e) {
    if (!draggingDivider_ || mode_ != Mode::Split || source_.isNull()) return;
    const QRectF target = targetRect(source_.size(), rect().adjusted(8, 8, -8, -8));
    if (target.width() <= 0) return;
    divider_ = std::clamp((e->position().x() - target.left()) / target.width(), 0.0, 1.0);
    update();
}

void ViewerWidget::wheelEvent(QWheelEvent* e) {
    if (fit_) {
        // Leave fit mode at the fitted scale, then zoom from there.
        const QRectF t = targetRect(source_.size(), rect().adjusted(8, 8, -8, -8));
        zoom_ = source_.isNull() ? 1.0 : t.width() / source_.width();
        fit_ = false;
    }
    zoom_ = std::clamp(zoom_ * (e->angleDelta().y() > 0 ? 1.15 : 1 / 1.15), 0.05, 16.0);
    update();
}

}  // namespace restyle::ui
