#include "ui/MainWindow.h"

#include <QLabel>

namespace restyle::ui {

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
    setWindowTitle("Restyle");
    auto* label = new QLabel(tr("Open a clip to restyle it."), this);
    label->setAlignment(Qt::AlignCenter);
    setCentralWidget(label);
    resize(1280, 800);
}

}  // namespace restyle::ui
