#pragma once
#include <QMainWindow>

namespace restyle::ui {

// Wires the docks together; does nothing else.
class MainWindow : public QMainWindow {
    Q_OBJECT
  public:
    explicit MainWindow(QWidget* parent = nullptr);
};

}  // namespace restyle::ui
