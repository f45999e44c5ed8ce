// restyle: the desktop application.
#include <QApplication>

#include "ui/MainWindow.h"

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    QApplication::setApplicationName("Restyle");
    QApplication::setOrganizationName("Restyle");
    restyle::ui::MainWindow window;
    window.show();
    return QApplication::exec();
}
