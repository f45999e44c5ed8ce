// restyle-screenshots OUTDIR: renders the main states of the GUI to PNG (offscreen), for the
// README. Run through packaging/screenshots.sh.
#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QMimeData>
#include <QStandardPaths>
#include <QUrl>

#include "media/SampleClip.h"
#include "support/TestSupport.h"
#include "ui/ClipSession.h"
#include "ui/EditorPanel.h"
#include "ui/MainWindow.h"
#include "ui/OverlayPanel.h"
#include "ui/PlotsWidget.h"
#include "ui/PropagationPanel.h"
#include "ui/QueueDock.h"
#include "ui/Theme.h"
#include "ui/ViewerWidget.h"

using namespace restyle;
using namespace restyle::ui;

namespace {

void waitUntil(const std::function<bool()>& done, int ms) {
    QElapsedTimer t;
    t.start();
    while (!done() && t.elapsed() < ms)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
}

void settle(int ms) {
    waitUntil([] { return false; }, ms);
}

}  // namespace

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    QStandardPaths::setTestModeEnabled(true);
    setThemeSetting("dark");  // what a dark desktop gets
    const QString out = argc > 1 ? argv[1] : "screenshots";
    QDir().mkpath(out);
    test::TempDir tmp;
    const std::string clip = tmp.path("sample.mp4");
    writeSampleClip(clip, SampleClipOptions{960, 540, 150, 30, 7});

    MainWindow w(nullptr, QString::fromStdString(tmp.path("queue.json")),
                 QString::fromStdString(tmp.path("autosave.restyle")));
    w.setDialogsEnabled(false);
    w.arrangeDocks(false);  // the offscreen screen is small; the README shows a desktop
    w.resize(1500, 900);
    w.show();
    w.openClip(QString::fromStdString(clip));
    w.session()->setCurrent(30);
    w.editorPanel()->setKeyframeHere();
    waitUntil([&] { return !w.viewer()->processed().isNull(); }, 20000);
    settle(300);
    w.grab().save(out + "/main-window.png");

    w.overlayPanel()->setEnabled(true);
    w.overlayPanel()->setMode(OverlayMode::Warp);
    w.session()->setCurrent(75);
    waitUntil([&] { return w.viewer()->processedLabel().startsWith("Overlay"); }, 60000);
    settle(300);
    w.grab().save(out + "/flow-overlay.png");
    w.overlayPanel()->setEnabled(false);

    w.viewer()->setMode(ViewerWidget::Mode::SideBySide);
    w.propagationPanel()->start();
    waitUntil([&] { return w.plots()->points() >= 90; }, 120000);
    w.session()->setCurrent(w.plots()->points() - 1);
    settle(400);
    w.grab().save(out + "/propagation.png");
    waitUntil([&] { return !w.propagationPanel()->running(); }, 120000);

    QMimeData mime;
    mime.setUrls({QUrl::fromLocalFile(QString::fromStdString(clip)),
                  QUrl::fromLocalFile(QString::fromStdString(clip))});
    w.queueDock()->handleDrop(&mime);
    w.queueDock()->startRunner();
    waitUntil(
        [&] {
            const auto e = w.queueDock()->queue().entries();
            return !e.empty() && e[0].state == JobState::Done;
        },
        120000);
    settle(500);
    w.grab().save(out + "/batch-queue.png");
    w.queueDock()->stopRunner();
    return 0;
}
