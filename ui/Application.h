#pragma once
// The desktop application object: no exception ever reaches Qt's event loop (where it
// would terminate the program and lose the artist's work). Each handler catches its own
// errors; this is the net under all of them: the error is logged and shown in the status
// bar of the active window, and the application carries on.
#include <QApplication>

namespace restyle::ui {

class Application : public QApplication {
    Q_OBJECT
  public:
    Application(int& argc, char** argv);
    bool notify(QObject* receiver, QEvent* event) override;

  Q_SIGNALS:
    void uncaughtError(const QString& message);
};

}  // namespace restyle::ui
