// The desktop application's batch queue and projects (issue 17), offscreen: the queue runs
// jobs as child processes, resumes after closing and gives copies distinct outputs; projects
// round-trip keyframes, settings, result and last export, and recover after a crash.
#include <QAbstractButton>
#include <QApplication>
#include <QComboBox>
#include <QDockWidget>
#include <QDoubleSpinBox>
#include <QSpinBox>
#include <QLineEdit>
#include <QMessageBox>
#include <QProgressBar>
#include <QScreen>
#include <QSettings>
#include <QSignalSpy>
#include <QSlider>
#include <QStandardPaths>
#include <QTabBar>
#include <QUndoStack>
#include <QtTest>
#include <opencv2/imgcodecs.hpp>

#include "media/SampleClip.h"
#include "media/VideoReader.h"
#include "support/TestSupport.h"
#include "ui/ClipSession.h"
#include "ui/EditorPanel.h"
#include "ui/ExportTask.h"
#include "ui/FrameReadout.h"
#include "ui/HelpDialogs.h"
#include "ui/MainWindow.h"
#include "ui/ParamForm.h"
#include "ui/PlotsWidget.h"
#include "ui/ProjectController.h"
#include "ui/PropagationPanel.h"
#include "ui/PropagationWorker.h"
#include "ui/QueueDock.h"
#include "ui/Timeline.h"
#include "ui/ViewerWidget.h"
#include "WorkflowFixture.h"

using namespace restyle;
using namespace restyle::ui;
using namespace restyle::ui::test;

class QueueAndProjectTest : public WorkflowFixture {
    Q_OBJECT

  private Q_SLOTS:
    void initTestCase() { makeClips(); }

    void twoQueuedCopiesOfOneClipGetDistinctOutputs() {
        QFile::remove(file("queue.json"));
        auto w = openWindow(clipA_);
        QCOMPARE(w->queueDock()->addPaths({clipA_, clipA_}), 2);
        auto entries = w->queueDock()->queue().entries();
        QCOMPARE(entries.size(), size_t(2));
        QVERIFY(entries[0].job.output != entries[1].job.output);
        // Each row says what the job will do, and the quality is the export dialog's.
        const QString row = w->queueDock()->list()->item(0)->text();
        QVERIFY2(row.contains("warp") && row.contains("CRF 18, medium"), qPrintable(row));
        QVERIFY(w->queueDock()->message().contains("queued with: warp"));
        // A clip in a folder the artist cannot write to is restyled into one they can.
        if (QFile::exists(kTree)) {
            QCOMPARE(w->queueDock()->addPaths({kTree}), 1);
            const auto tree = w->queueDock()->queue().entries().back().job.output;
            QVERIFY2(QFileInfo(QFileInfo(QString::fromStdString(tree)).path()).isWritable(),
                     tree.c_str());
        }
        entries = w->queueDock()->queue().entries();
        // Run queue with nothing queued says so.
        for (const auto& e : entries)
            w->queueDock()->queue().remove(e.id);
        w->queueDock()->startRunner();
        QVERIFY(!w->queueDock()->running());
        QVERIFY(w->queueDock()->message().contains("empty"));
    }

    void queueClosedWhileRunningResumesAfterARestart() {
        QFile::remove(file("queue.json"));
        {
            auto w = openWindow(QString());
            w->session()->setEditor("cartoon", nlohmann::json::object());
            QCOMPARE(w->queueDock()->addPaths({longClip_}), 1);
            w->queueDock()->startRunner();
            // Marked as running from the start, so that a crash (no close) resumes it too.
            QVERIFY(QFile::exists(file("queue.json.resume")));
            QTRY_VERIFY_WITH_TIMEOUT(w->queueDock()->queue().entries()[0].percent > 0, 60000);
            QVERIFY(w->close());  // the real close path
            const auto e = w->queueDock()->queue().entries()[0];
            QCOMPARE(e.state, JobState::Queued);
            QVERIFY(!QFile::exists(QString::fromStdString(e.job.output)));  // no partial file
        }
        auto w = openWindow(QString());  // a restart: the queue runs again unasked
        auto entries = w->queueDock()->queue().entries();
        QCOMPARE(entries.size(), size_t(1));
        QTRY_VERIFY(w->queueDock()->running());
        QVERIFY(w->queueDock()->message().contains("Resuming"));
        QTRY_VERIFY_WITH_TIMEOUT(!w->queueDock()->running(), 120000);
        QVERIFY(!QFile::exists(file("queue.json.resume")));  // finished: nothing to resume
        entries = w->queueDock()->queue().entries();
        QCOMPARE(entries[0].state, JobState::Done);
        QCOMPARE(probeVideo(entries[0].job.output).frames, 90);
    }

    void projectKeepsTheLastExportsPathAndSettings() {
        const QString project = file("exported.restyle");
        TranscodeOptions chosen;
        chosen.crf = 22;
        chosen.preset = "slow";
        chosen.audio = false;
        {
            auto w = openWindow(clipA_);
            w->setLastExport(file("mine/a-final.mp4"), chosen);
            QString error;
            QVERIFY2(w->project()->save(project, &error), qPrintable(error));
        }
        auto w = openWindow(QString());
        QString error;
        QVERIFY2(w->project()->open(project, &error), qPrintable(error));
        QCOMPARE(w->lastExportPath(), file("mine/a-final.mp4"));
        QCOMPARE(w->lastExportOptions().crf, 22);
        QCOMPARE(w->lastExportOptions().preset, std::string("slow"));
        QCOMPARE(w->lastExportOptions().audio, false);
    }

    void projectRoundTripsKeyframesSettingsAndResult() {
        const QString project = file("work.restyle");
        QString result;
        {
            auto w = openWindow(clipA_);
            w->session()->setEditor("watercolor", nlohmann::json::object());
            w->session()->setCurrent(4);
            w->editorPanel()->setKeyframeHere();
            w->editorPanel()->findChild<QDoubleSpinBox*>("wetness")->setValue(0.8);
            w->session()->setCurrent(10);
            w->editorPanel()->setKeyframeHere();
            QVERIFY(propagate(w.get()));
            result = w->propagationPanel()->lastOutput();
            w->session()->setCurrent(7);
            QVERIFY(w->project()->dirty());
            QVERIFY(w->saveProject(project));
            QVERIFY(!w->project()->dirty());
            QVERIFY(w->close());
        }
        // The project is a job file: the CLI validates it the same way.
        QCOMPARE(Job::load(project.toStdString()).keyframes.size(), size_t(2));
        auto w = openWindow(QString());
        QVERIFY(w->openProject(project));
        const auto& k = w->session()->keyframes();
        QCOMPARE(k.size(), size_t(2));
        QCOMPARE(k.at(4).editor, QString("watercolor"));
        QCOMPARE(k.at(10).params["wetness"].get<double>(), 0.8);
        QCOMPARE(w->session()->current(), 7);
        QCOMPARE(w->propagationPanel()->lastOutput(), result);  // the same result exports
        QCOMPARE(w->plots()->points(), 24);  // and its plots, from the metrics beside it
        QVERIFY(!w->project()->dirty());
        // Its frames show again, decoded from the result file (none are in memory now).
        QTRY_VERIFY_WITH_TIMEOUT(w->viewer()->processedLabel() == "Result", 10000);
        QVERIFY(!w->propagationPanel()->resultOutdated());
        QCOMPARE(w->propagationPanel()->findChild<QProgressBar*>()->text(), QString("Done"));
        QVERIFY(w->windowTitle().contains("work.restyle"));
        QStringList recent = QSettings().value("recentFiles").toStringList();
        QCOMPARE(recent.count(project), 1);
        for (const QString& r : recent)
            QVERIFY(QFileInfo(r).isAbsolute());
    }

    // A walkthrough found a result outdated by later changes reopening as current (and
    // exporting without a word). Crash recovery goes through the same apply().
    void resultOutdatedWhenSavedReopensOutdated() {
        const QString project = file("stale.restyle");
        int madeAt = 0;
        {
            auto w = openWindow(clipA_);
            w->session()->setEditor("watercolor", nlohmann::json::object());
            QVERIFY(propagate(w.get()));
            auto* maxSide = w->propagationPanel()->findChild<QSpinBox*>("maxSide");
            madeAt = maxSide->value();
            maxSide->setValue(madeAt == 96 ? 128 : 96);
            QVERIFY(w->propagationPanel()->resultOutdated());
            QVERIFY(w->saveProject(project));
            QVERIFY(w->close());
        }
        auto w = openWindow(QString());
        QVERIFY(w->openProject(project));
        QVERIFY(!w->propagationPanel()->lastOutput().isEmpty());
        QVERIFY(w->propagationPanel()->resultOutdated());
        QCOMPARE(w->propagationPanel()->findChild<QProgressBar*>()->text(), QString("Outdated"));
        QTest::qWait(300);
        QVERIFY(w->viewer()->processedLabel() != "Result");
        // Back to the settings it was made with: current again.
        w->propagationPanel()->findChild<QSpinBox*>("maxSide")->setValue(madeAt);
        QVERIFY(!w->propagationPanel()->resultOutdated());
    }

    // A walkthrough found an editor keyframe before the in point saved at the in point, and
    // keyframes outside the range dropped from the project.
    void projectKeepsEveryKeyframeWhereItWasSetWhateverTheRange() {
        const QString project = file("ranged.restyle");
        {
            auto w = openWindow(clipA_);
            for (int frame : {0, 6, 20}) {
                w->session()->setCurrent(frame);
                w->editorPanel()->setKeyframeHere();
            }
            w->session()->setRange(10, 14);
            QVERIFY(w->saveProject(project));
            QVERIFY(w->close());
        }
        auto w = openWindow(QString());
        QVERIFY(w->openProject(project));
        const auto& k = w->session()->keyframes();
        QCOMPARE(k.size(), size_t(3));
        for (int frame : {0, 6, 20})
            QCOMPARE(k.count(frame), size_t(1));
        QCOMPARE(w->session()->inPoint(), 10);
        QCOMPARE(w->session()->outPoint(), 14);
    }

    void openingAClipLeavesNothingToSave() {
        auto w = openWindow(clipA_);
        QTest::qWait(50);  // the panels restore their settings into the session
        QVERIFY(!w->project()->dirty());
        QVERIFY(!w->windowTitle().contains('*'));
    }

    void autosaveRecoversWorkAfterACrash() {
        {
            auto w = openWindow(clipA_);
            w->session()->setCurrent(6);
            w->editorPanel()->setKeyframeHere();
            w->project()->writeAutosave();
            // A crash: the window goes away without its close path.
        }
        auto w = openWindow(QString());
        QVERIFY(!w->project()->recoverable().isEmpty());
        w->offerRecovery();  // dialogs off: recovers
        QCOMPARE(w->session()->path(), clipA_);
        QCOMPARE(w->session()->keyframes().count(6), size_t(1));
        QVERIFY(w->project()->dirty());
        QVERIFY(w->close());  // a clean close leaves no autosave behind
        QVERIFY(w->project()->recoverable().isEmpty());
    }
};

QTEST_MAIN(QueueAndProjectTest)
#include "QueueAndProjectTest.moc"
