// restyle: the desktop application. `restyle [CLIP | PROJECT.restyle]` opens it.
#include <QCommandLineParser>
#include <QFileInfo>

#include "ui/Application.h"
#include "ui/MainWindow.h"
#include "ui/Theme.h"

int main(int argc, char** argv) {
    restyle::ui::Application app(argc, argv);
    QApplication::setApplicationName("Restyle");
    QApplication::setOrganizationName("Restyle");
    QApplication::setApplicationVersion(RESTYLE_VERSION);
    QCommandLineParser parser;
    parser.setApplicationDescription("Restyle a video from an edited first frame.");
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument("file", "A video clip or a .restyle project to open.");
    parser.process(app);
    restyle::ui::applyTheme();
    restyle::ui::MainWindow window;
    window.show();
    const QStringList files = parser.positionalArguments();
    if (!files.isEmpty()) {
        if (QFileInfo(files[0]).suffix().toLower() == "restyle")
            window.openProject(files[0]);
        else
            window.openClip(files[0]);
    } else {
        window.offerRecovery();  // after a crash: the autosaved project
    }
    return QApplication::exec();
}
