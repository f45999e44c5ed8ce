#include "ui/Application.h"

#include <QMainWindow>
#include <QStatusBar>
#include <cstdio>

namespace restyle::ui {

Application::Application(int& argc, char** argv) : QApplication(argc, argv) {}

bool Application::notify(QObject* receiver, QEvent* event) {
    QString message;
    try {
        return QApplication::notify(receiver, event);
    } catch (const std::exception& e) {
        message = QString::fromLocal8Bit(e.what());
    } catch (...) {
        message = tr("an unknown error");
    }
    std::fprintf(stderr, "restyle: %s\n", message.toLocal8Bit().constData());
    for (QWidget* w : topLevelWidgets())
        if (auto* main = qobject_cast<QMainWindow*>(w))
            main->statusBar()->showMessage(tr("Error: %1").arg(message));
    Q_EMIT uncaughtError(message);
    return false;
}

}  // namespace restyle::ui
