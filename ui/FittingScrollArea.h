#pragma once
// A scroll area that asks for its content's size (so docks are laid out as if it were not
// there) but can be made smaller, scrolling then.
#include <QScrollArea>
#include <QScrollBar>

namespace restyle::ui {

class FittingScrollArea : public QScrollArea {
  public:
    explicit FittingScrollArea(QWidget* content, QWidget* parent = nullptr) : QScrollArea(parent) {
        setWidget(content);
        setWidgetResizable(true);
        setFrameShape(QFrame::NoFrame);
        setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    }
    QSize sizeHint() const override {
        if (!widget()) return QScrollArea::sizeHint();
        return widget()->sizeHint() + QSize(verticalScrollBar()->sizeHint().width(), 0);
    }
};

}  // namespace restyle::ui
