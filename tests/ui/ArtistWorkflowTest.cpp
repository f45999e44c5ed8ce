// The desktop application as an artist uses it (issue 17), driven through its real paths,
// offscreen: every editor with and without a clip (none may abort), a second clip never
// shows or exports the first clip's result, variable frame timing without dialogs, frame
// number and timecode, typing into spin boxes and undo, the batch queue (child processes,
// resume after closing, distinct outputs) and projects (round trip, crash recovery).
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

using namespace restyle;
using namespace restyle::ui;

namespace {
const QString kTree = "/usr/share/doc/opencv-doc/examples/data/tree.avi";
}

class ArtistWorkflowTest : public QObject {
    Q_OBJECT
  private:
    test::TempDir tmp_;
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

  private Q_SLOTS:
    void initTestCase() {
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

    void everyEditorSelectsWithoutAndWithAClip() {
        for (const bool withClip : {false, true}) {
            auto w = openWindow(withClip ? clipA_ : QString());
            auto* combo = w->editorPanel()->findChild<QComboBox*>("editorCombo");
            QVERIFY(combo && combo->count() >= 8);
            for (int i = 0; i < combo->count(); ++i) {
                QSignalSpy previews(w->editorPanel(), &EditorPanel::previewReady);
                combo->setCurrentIndex(i);  // as the artist picks it: aborted before the fix
                QCOMPARE(w->session()->editorName(), combo->itemText(i));
                auto* form = w->editorPanel()->findChild<ParamForm*>();
                const auto missing = form->missingRequired();
                for (const auto& name : missing) {
                    auto* field = form->findChild<QLineEdit*>(QString::fromStdString(name));
                    QVERIFY(field);
                    QVERIFY2(field->property("missing").toBool(), name.c_str());
                }
                if (withClip && !missing.empty()) {
                    QTest::qWait(400);  // past the preview debounce
                    QCOMPARE(previews.count(), 0);
                    QVERIFY(!w->viewer()->processedLabel().startsWith("Edit"));
                }
            }
            // lut, color-transfer and painted-frame each need a file.
            for (const char* name : {"lut", "color-transfer", "painted-frame"}) {
                combo->setCurrentText(name);
                QVERIFY2(!w->editorPanel()->findChild<ParamForm*>()->missingRequired().empty(),
                         name);
            }
            combo->setCurrentText("cartoon");
        }
    }

    void aSecondClipNeverShowsOrExportsTheFirstClipsResult() {
        auto w = openWindow(clipA_);
        QVERIFY(propagate(w.get()));
        QVERIFY(!w->propagationPanel()->lastOutput().isEmpty());
        QVERIFY(!w->propagationPanel()->result(5).isNull());
        QVERIFY(w->openClip(clipB_));
        QVERIFY(w->propagationPanel()->lastOutput().isEmpty());
        QVERIFY(w->propagationPanel()->result(5).isNull());
        w->session()->setCurrent(5);
        QTest::qWait(300);
        QVERIFY(w->viewer()->processedLabel() != "Result");
        // Export refuses, naming the clip that has no result.
        const QString out = file("b-export.mp4");
        QVERIFY(!w->exportTo(out, TranscodeOptions{}));
        QVERIFY(w->lastError().contains("b.mp4"));
        QVERIFY(!QFile::exists(out));
        // B's own result exports: B's frame count and size.
        QVERIFY(propagate(w.get()));
        QSignalSpy exported(w.get(), &MainWindow::exportFinished);
        QVERIFY(w->exportTo(out, TranscodeOptions{}));
        QTRY_VERIFY_WITH_TIMEOUT(!exported.isEmpty(), 30000);
        QVERIFY2(exported.first().at(0).toBool(), qPrintable(exported.first().at(1).toString()));
        const VideoInfo info = probeVideo(out.toStdString());
        QCOMPARE(info.frames, 15);
        QCOMPARE(info.width, 256);
        // Progress bars are back at zero, the title carries no stale percentage.
        for (auto* bar : w->findChildren<QProgressBar*>())
            QCOMPARE(bar->value(), 0);
        QVERIFY(!w->windowTitle().contains('%'));
    }

    void variableTimingClipStepsThroughEveryFrameWithoutADialog() {
        if (!QFile::exists(kTree)) QSKIP("tree.avi (opencv-doc) is not installed");
        dialogsSeen_ = 0;
        auto w = openWindow(QString());
        w->setDialogsEnabled(true);  // a dialog would show, and be counted
        QVERIFY(w->openClip(kTree));
        QCOMPARE(w->session()->frameCount(), 68);  // not the AVI header's 444 slots
        QTRY_VERIFY_WITH_TIMEOUT(w->session()->frameTimes().size() == 68, 10000);
        double previous = -1;
        for (int i = 0; i < 80; ++i) {  // past the end, as holding Right does
            w->actions().stepForward->trigger();
            const int64_t f = w->session()->current();
            QTRY_VERIFY_WITH_TIMEOUT(!w->session()->frames().cached(f).empty(), 10000);
            const double t = w->session()->secondsAt(f);
            QVERIFY(t >= previous);
            previous = t;
        }
        QCOMPARE(w->session()->current(), 67);
        QCOMPARE(dialogsSeen_, 0);
        QVERIFY(w->lastError().isEmpty());
        // Played at the clip's own pace: 68 frames over the clip's ~29.6 s, not 4.5 s.
        double total = 0;
        for (int64_t i = 0; i < 67; ++i)
            total += w->timeline()->frameDurationMs(i);
        QVERIFY2(total > 25000 && total < 31000, qPrintable(QString::number(total)));
        QVERIFY(w->frameReadout()->timecodeText().startsWith("00:00:29"));
    }

    // The timeline's in/out setter once hid QSlider::setRange: every clip scrubbed over 0-99.
    void timelineSpansEveryFrameOfAClipLongerThanAHundredFrames() {
        const QString clip = file("long240.mp4");
        writeSampleClip(clip.toStdString(), SampleClipOptions{96, 64, 240, 24, 5});
        auto w = openWindow(clip);
        auto* t = w->timeline();
        QCOMPARE(t->maximum(), 239);
        // A click three quarters along the track lands about three quarters into the clip.
        QTest::mouseClick(t, Qt::LeftButton, {}, QPoint(t->width() * 3 / 4, t->height() / 2));
        QVERIFY2(std::abs(w->session()->current() - 179) <= 12,
                 qPrintable(QString::number(w->session()->current())));
        auto* box = w->frameReadout()->frameBox();
        w->actions().goToFrame->trigger();
        QTest::keyClicks(box, "200");
        QTest::keyClick(box, Qt::Key_Return);
        QCOMPARE(w->session()->current(), 200);
        QCOMPARE(t->value(), 200);
        t->setFocus();
        QTest::keyClick(t, Qt::Key_End);
        QCOMPARE(w->session()->current(), 239);
    }

    void upAndDownJumpBetweenKeyframesAndInOutPoints() {
        auto w = openWindow(clipA_);
        for (int64_t f : {5, 12}) {
            w->session()->setCurrent(f);
            w->editorPanel()->setKeyframeHere();
        }
        w->session()->setCurrent(18);
        w->actions().setOut->trigger();
        w->session()->setCurrent(0);
        w->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(w.get()));
        w->timeline()->setFocus();  // the timeline (a slider) must not take the arrows
        std::vector<int64_t> seen;
        for (int i = 0; i < 4; ++i) {
            QTest::keyClick(w->timeline(), Qt::Key_Down);
            seen.push_back(w->session()->current());
        }
        QCOMPARE(seen, (std::vector<int64_t>{5, 12, 18, 23}));  // then the last frame
        QTest::keyClick(w->timeline(), Qt::Key_Up);
        QCOMPARE(w->session()->current(), 18);
    }

    void goToFrameShowsFrameNumberAndTimecode() {
        auto w = openWindow(clipA_);
        auto* box = w->frameReadout()->frameBox();
        w->actions().goToFrame->trigger();
        QTest::keyClicks(box, "12");
        QCOMPARE(w->session()->current(), 0);  // nothing moves while typing
        QTest::keyClick(box, Qt::Key_Return);
        QCOMPARE(w->session()->current(), 12);
        QCOMPARE(w->timeline()->value(), 12);
        QVERIFY(w->frameReadout()->timecodeText().startsWith("00:00:00.500"));  // 12 / 24 fps
    }

    void typingIntoASpinBoxCommitsOnceAndCtrlZUndoesIt() {
        auto w = openWindow(clipA_);
        w->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(w.get()));
        auto* strength = w->editorPanel()->findChild<QDoubleSpinBox*>("strength");
        QVERIFY(strength);
        const double before = w->session()->params()["strength"].get<double>();
        strength->setFocus();
        QTRY_VERIFY(strength->hasFocus());
        strength->selectAll();
        QTest::keyClicks(strength, "0.45");
        QCOMPARE(w->session()->params()["strength"].get<double>(), before);  // still typing
        QTest::keyClick(strength, Qt::Key_Return);
        QCOMPARE(w->session()->params()["strength"].get<double>(), 0.45);
        QCOMPARE(strength->value(), 0.45);
        QCOMPARE(w->session()->undoStack()->undoText(), QString("Change strength"));
        // Ctrl+Z with the spin box focused undoes the application's last step.
        QVERIFY(strength->hasFocus());
        QTest::keyClick(strength, Qt::Key_Z, Qt::ControlModifier);
        QCOMPARE(w->session()->params()["strength"].get<double>(), before);
        QCOMPARE(strength->value(), before);
        // User-facing labels: no internal underscores.
        auto* edges = w->editorPanel()->findChild<QDoubleSpinBox*>("edge_threshold");
        edges->setValue(12);
        QCOMPARE(w->session()->undoStack()->undoText(), QString("Change edge threshold"));
    }

    // Two deliberate choices of one file field are two undo steps (they once merged, and
    // undo skipped back past the first file to the empty field).
    void undoAfterTwoFileChoicesReturnsToTheFirstFile() {
        auto w = openWindow(clipA_);
        w->session()->setEditor("lut", nlohmann::json::object());
        auto* cube = w->editorPanel()->findChild<QLineEdit*>("cube");
        QVERIFY(cube);
        cube->setFocus();
        cube->setText("/tmp/first.cube");
        QTest::keyClick(cube, Qt::Key_Return);
        QTest::qWait(1100);
        cube->setText("/tmp/second.cube");
        QTest::keyClick(cube, Qt::Key_Return);
        QCOMPARE(QString::fromStdString(w->session()->params()["cube"]), "/tmp/second.cube");
        w->session()->undoStack()->undo();
        QCOMPARE(QString::fromStdString(w->session()->params()["cube"]), "/tmp/first.cube");
        // A path that is not there stays in the field, and the note says what is wrong.
        QCOMPARE(cube->text(), QString("/tmp/first.cube"));
        QTRY_VERIFY2(w->editorPanel()->note().contains("does not exist"),
                     qPrintable(w->editorPanel()->note()));
        w->session()->setEditor("cartoon", nlohmann::json::object());  // remembered: restore
    }

    void paintedKeyframeShowsThePainting() {
        auto w = openWindow(clipA_);
        const QString painting = file("painted.png");
        cv::imwrite(painting.toStdString(), cv::Mat(180, 320, CV_8UC3, cv::Scalar(0, 0, 255)));
        w->session()->setCurrent(3);
        QSignalSpy previews(w->editorPanel(), &EditorPanel::previewReady);
        w->editorPanel()->importPaintedFrame(painting);
        QTRY_VERIFY_WITH_TIMEOUT(
            !previews.isEmpty() && previews.last().at(2).toString().startsWith("Painted"), 10000);
        const QImage img = previews.last().at(1).value<QImage>();
        QCOMPARE(QColor(img.pixel(160, 90)), QColor(255, 0, 0));
        QCOMPARE(w->session()->undoStack()->undoText(), QString("Import painted frame at frame 3"));
    }

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
        QVERIFY(w->windowTitle().contains("work.restyle"));
        QStringList recent = QSettings().value("recentFiles").toStringList();
        QCOMPARE(recent.count(project), 1);
        for (const QString& r : recent)
            QVERIFY(QFileInfo(r).isAbsolute());
    }

    void atAnEditorKeyframeTheViewerShowsThatKeyframeNotThePanelsNewSettings() {
        auto w = openWindow(clipA_);
        w->editorPanel()->findChild<QComboBox*>("editorCombo")->setCurrentText("cartoon");
        auto* levels = w->editorPanel()->findChild<QDoubleSpinBox*>("levels");
        QVERIFY(levels);
        levels->setValue(3);
        w->editorPanel()->setKeyframeHere();
        levels->setValue(10);  // the panel moves on; the keyframe keeps 3
        QTRY_VERIFY(w->viewer()->processedLabel() == "Keyframe: cartoon");
        QCOMPARE(w->session()->keyframes().at(0).params["levels"].get<double>(), 3.0);
        w->session()->setCurrent(5);  // elsewhere, the panel's settings
        QTRY_VERIFY(w->viewer()->processedLabel() == "Edit: cartoon");
        QVERIFY2(w->editorPanel()->note().contains("in no keyframe yet"),
                 qPrintable(w->editorPanel()->note()));  // and why the result differs
        // The settings of the keyframe after this frame are in a keyframe: no such note.
        w->session()->setCurrent(10);
        w->editorPanel()->setKeyframeHere();
        w->session()->setCurrent(5);
        QTRY_VERIFY(w->viewer()->processedLabel() == "Edit: cartoon");
        QTest::qWait(300);
        QVERIFY2(!w->editorPanel()->note().contains("in no keyframe"),
                 qPrintable(w->editorPanel()->note()));
    }

    void inAndOutPointsPropagateOnlyTheirRangeFromTheKeyframeBeforeIt() {
        auto w = openWindow(clipA_);
        w->editorPanel()->setKeyframeHere();  // frame 0, before the range
        w->session()->setCurrent(8);
        w->actions().setIn->trigger();
        w->session()->setCurrent(15);
        w->actions().setOut->trigger();
        QCOMPARE(w->session()->inPoint(), 8);
        QCOMPARE(w->session()->outPoint(), 15);
        const auto keys = w->session()->coreKeyframes();
        QCOMPARE(keys.size(), size_t(1));
        QCOMPARE(keys[0].frame, 8);  // the keyframe's editor, applied afresh at the in point
        QVERIFY(propagate(w.get()));
        QCOMPARE(probeVideo(w->propagationPanel()->lastOutput().toStdString()).frames, 8);
        // Results show inside the range only, read back from the file at the right frames.
        w->session()->setCurrent(12);
        QTRY_VERIFY(w->viewer()->processedLabel() == "Result");
        w->session()->setCurrent(20);
        QTRY_VERIFY(w->viewer()->processedLabel() != "Result");
        w->actions().clearRange->trigger();
        QCOMPARE(w->session()->outPoint(), -1);
        QVERIFY(w->propagationPanel()->resultOutdated());
    }

    void fewShotEngineShowsItsTrainingPhaseAndPropagates() {
        auto w = openWindow(clipB_);
        auto* engine = w->propagationPanel()->findChild<QComboBox*>();
        const int index = engine->findData("fewshot");
        QVERIFY(index > 0);
        engine->setCurrentIndex(index);
        QCOMPARE(w->propagationPanel()->makeJob(clipB_, "o.mp4", false).settings.engine,
                 std::string("fewshot"));
        auto* seconds = w->propagationPanel()->findChild<QSpinBox*>("styleTrainSeconds");
        QVERIFY(seconds && seconds->isEnabled());
        seconds->setValue(2);  // the CLI's --style-train-seconds, through the job
        QCOMPARE(w->propagationPanel()
                     ->makeJob(clipB_, "o.mp4", false)
                     .settings.engineSettings["style_train_seconds"]
                     .get<int>(),
                 2);
        QSignalSpy training(&w->propagationPanel()->worker(), &PropagationWorker::progress);
        // An empty weight cache: the network trains here (a cached one would not).
        const QByteArray cache = qgetenv("XDG_CACHE_HOME");
        qputenv("XDG_CACHE_HOME", file("fewshot-cache").toUtf8());
        const bool done = propagate(w.get());
        cache.isNull() ? qunsetenv("XDG_CACHE_HOME") : qputenv("XDG_CACHE_HOME", cache);
        QVERIFY(done);
        bool sawTraining = false;
        for (const auto& args : training)
            sawTraining |= args.at(4).toString() == "training";
        QVERIFY(sawTraining);
        QVERIFY(w->plots()->lossPoints() > 0);  // the training loss was plotted
        engine->setCurrentIndex(0);  // remembered otherwise
    }

    void openingAClipLeavesNothingToSave() {
        auto w = openWindow(clipA_);
        QTest::qWait(50);  // the panels restore their settings into the session
        QVERIFY(!w->project()->dirty());
        QVERIFY(!w->windowTitle().contains('*'));
    }

    void aResultMadeBeforeAKeyframeChangeIsNoLongerShownAsTheResult() {
        auto w = openWindow(clipA_);
        QVERIFY(propagate(w.get()));
        w->session()->setCurrent(6);
        QTRY_VERIFY(w->viewer()->processedLabel() == "Result");
        QVERIFY(!w->propagationPanel()->resultOutdated());
        w->session()->setEditor("watercolor", nlohmann::json::object());
        w->editorPanel()->setKeyframeHere();
        QVERIFY(w->propagationPanel()->resultOutdated());
        QTRY_VERIFY(w->viewer()->processedLabel() != "Result");
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

    void everyControlHasATooltipAndHelpListsShortcuts() {
        auto w = openWindow(clipA_);
        QStringList bare;
        for (QWidget* c : w->findChildren<QWidget*>()) {
            const bool control = qobject_cast<QAbstractButton*>(c) ||
                                 qobject_cast<QAbstractSpinBox*>(c) ||
                                 qobject_cast<QComboBox*>(c) || qobject_cast<QSlider*>(c) ||
                                 qobject_cast<QLineEdit*>(c);
            if (!control || c->objectName().startsWith("qt_")) continue;
            // Parts of a compound control (a spin box's text field) and dock title buttons.
            if (qobject_cast<QAbstractSpinBox*>(c->parentWidget()) ||
                qobject_cast<QComboBox*>(c->parentWidget()) ||
                qobject_cast<QDockWidget*>(c->parentWidget()) ||
                qobject_cast<QTabBar*>(c->parentWidget()))
                continue;
            if (c->toolTip().isEmpty() && c->parentWidget()->toolTip().isEmpty())
                bare << (c->metaObject()->className() + QString(" ") + c->objectName() + " " +
                         (qobject_cast<QAbstractButton*>(c)
                              ? qobject_cast<QAbstractButton*>(c)->text()
                              : QString()));
        }
        QVERIFY2(bare.isEmpty(), qPrintable(bare.join(", ")));
        const QString shortcuts = shortcutTable(w->actions().withShortcuts);
        for (const char* key : {"Ctrl+G", "Ctrl+S", "Ctrl+Z", "Space", "Ctrl+E"})
            QVERIFY2(shortcuts.contains(key), key);
        QVERIFY(aboutText().contains(qVersion()));
        QVERIFY(aboutText().contains("FFmpeg"));
        // The window fits the screen it is on.
        const QRect avail = w->screen()->availableGeometry();
        QVERIFY2(w->width() <= avail.width() && w->height() <= avail.height(),
                 qPrintable(QString("%1x%2 on %3x%4")
                                .arg(w->width())
                                .arg(w->height())
                                .arg(avail.width())
                                .arg(avail.height())));
    }
};

QTEST_MAIN(ArtistWorkflowTest)
#include "ArtistWorkflowTest.moc"
