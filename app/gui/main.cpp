// restyle: the desktop application. `restyle [CLIP]` opens the clip.
#include <QApplication>
#include <QCommandLineParser>

#include "ui/MainWindow.h"

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    QApplication::setApplicationName("Restyle");
    QApplication::setOrganizationName("Restyle");
    QApplication::setApplicationVersion(RESTYLE_VERSION);
    QCommandLineParser parser;
    parser.setApplicationDescription("Restyle a video from an edited first frame.");
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument("clip", "A video clip to open.");
    parser.process(app);
    restyle::ui::MainWindow window;
    window.show();
    if (!parser.positionalArguments().isEmpty()) window.openClip(parser.positionalArguments()[0]);
    return QApplication::exec();
}
