#pragma once
// What the GUI workflow tests share: sample clips made once per test binary, windows that
// use the test's own queue and autosave files, a propagation that waits for its end, and a
// watch that counts (and closes) any modal dialog.
#include <QApplication>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QtTest>
#include <memory>

#include "media/SampleClip.h"
#include "support/TestSupport.h"
#include "ui/MainWindow.h"
#include "ui/PropagationPanel.h"

namespace restyle::ui::test {

const QString kTree = "/usr/share/doc/opencv-doc/examples/data/tree.avi";

class WorkflowFixture : public QObject {
  protected:
    restyle::test::TempDir tmp_;
    QString clipA_, clipB_, longClip_;
    int dialogsSeen_ = 0;
    QTimer dialogWatch_;

    QString file(const char* name) const { return QString::fromStdString(tmp_.path(name)); }

    std::unique_ptr<MainWindow> openWindow(const QString& clip) {
        auto w =
            std::make_unique<MainWindow>(nullptr, file("queue.json"), file("autosave.restyle"));
        w->setDialogsEnabled(false);
        w->show();
        if (!clip.isEmpty() && !w->openClip(clip)) qWarning() << w->lastError();
        return w;
    }

    bool propagate(MainWindow* w) {
        QSignalSpy done(w->propagationPanel(), &PropagationPanel::done);
        w->propagationPanel()->start();
        if (!QTest::qWaitFor([&] { return !done.isEmpty(); }, 60000)) return false;
        return done.first().at(0).toBool();
    }

    // Made once, in initTestCase().
    void makeClips() {
        QStandardPaths::setTestModeEnabled(true);
        QSettings().clear();
        clipA_ = file("a.mp4");
        writeSampleClip(clipA_.toStdString(), SampleClipOptions{320, 180, 24, 24, 3});
        clipB_ = file("b.mp4");
        writeSampleClip(clipB_.toStdString(), SampleClipOptions{256, 144, 15, 15, 9});
        longClip_ = file("long.mp4");
        writeSampleClip(longClip_.toStdString(), SampleClipOptions{320, 180, 90, 30, 4});
        // Any modal dialog (a QMessageBox from playback, say) is counted and closed.
        connect(&dialogWatch_, &QTimer::timeout, this, [this] {
            if (QWidget* modal = QApplication::activeModalWidget()) {
                ++dialogsSeen_;
                modal->close();
            }
        });
        dialogWatch_.start(20);
    }
};

}  // namespace restyle::ui::test
