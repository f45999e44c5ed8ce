// The desktop application as an artist uses it (issue 17), driven through its real paths,
// offscreen: every editor with and without a clip (none may abort), a second clip never
// shows or exports the first clip's result, variable frame timing without dialogs, the
// timeline over a long clip, frame number and timecode, marks, typing into spin boxes and
// undo, keyframes, in/out points, the few-shot engine, tooltips and help.
#include <QAbstractButton>
#include <QApplication>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDockWidget>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QScreen>
#include <QSettings>
#include <QSignalSpy>
#include <QSlider>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTabBar>
#include <QUndoStack>
#include <QtTest>
#include <opencv2/imgcodecs.hpp>

#include "WorkflowFixture.h"
#include "media/SampleClip.h"
#include "media/VideoReader.h"
#include "support/TestSupport.h"
#include "ui/ClipSession.h"
#include "ui/EditorPanel.h"
#include "ui/ExportDialog.h"
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
using namespace restyle::ui::test;

class ArtistWorkflowTest : public WorkflowFixture {
    Q_OBJECT

  private Q_SLOTS:
    void initTestCase() { makeClips(); }

    // A walkthrough found Export replacing an earlier export without a word, and closing on
    // a folder that does not exist (then offering that path again).
    void exportAsksBeforeReplacingAFileAndStaysOpenOnAMissingFolder() {
        const QString earlier = file("earlier.mp4");
        {
            QFile f(earlier);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("kept");
        }
        const int seen = dialogsSeen_;
        ExportDialog onto(earlier);
        QVERIFY(!onto.confirmOutput());  // the question was closed unanswered: kept
        QCOMPARE(dialogsSeen_, seen + 1);
        onto.findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok)->click();
        QCOMPARE(onto.result(), int(QDialog::Rejected));  // still open, nothing accepted
        QCOMPARE(QFileInfo(earlier).size(), 4);
        ExportDialog missing(file("no/such/folder/out.mp4"));
        QVERIFY(!missing.confirmOutput());
        QCOMPARE(dialogsSeen_, seen + 3);
        QVERIFY(
            cv::imwrite(file("frames_000001.png").toStdString(), cv::Mat::zeros(4, 4, CV_8UC3)));
        ExportDialog sequence(file("frames_%06d.png"));
        QVERIFY(!sequence.confirmOutput());  // a sequence would mix with the frames there
        ExportDialog fresh(file("fresh.mp4"));
        QVERIFY(fresh.confirmOutput());
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

    void goToFrameShowsFrameNumberAndTimecodeAndANumberPastTheEndGoesToTheLastFrame() {
        auto w = openWindow(clipA_);
        auto* box = w->frameReadout()->frameBox();
        w->actions().goToFrame->trigger();
        QTest::keyClicks(box, "12");
        QCOMPARE(w->session()->current(), 0);  // nothing moves while typing
        QTest::keyClick(box, Qt::Key_Return);
        QCOMPARE(w->session()->current(), 12);
        QCOMPARE(w->timeline()->value(), 12);
        QVERIFY(w->frameReadout()->timecodeText().startsWith("00:00:00.500"));  // 12 / 24 fps
        w->actions().goToFrame->trigger();
        QTest::keyClicks(box, "9999");  // a plain spin box refused the 4th digit: frame 99
        QTest::keyClick(box, Qt::Key_Return);
        QCOMPARE(w->session()->current(), w->session()->frameCount() - 1);
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

    // A walkthrough found an editor's tweaks lost when the artist looked at another editor
    // and came back (the defaults returned; an outdated result then looked current).
    void anEditorKeepsItsSettingsWhenTheArtistComesBackToIt() {
        auto w = openWindow(clipA_);
        auto* combo = w->editorPanel()->findChild<QComboBox*>("editorCombo");
        combo->setCurrentText("cartoon");
        w->editorPanel()->findChild<QDoubleSpinBox*>("levels")->setValue(9);
        combo->setCurrentText("oil-paint");
        QCOMPARE(w->session()->editorName(), QString("oil-paint"));
        combo->setCurrentText("cartoon");
        QCOMPARE(w->session()->params()["levels"].get<double>(), 9.0);
        QCOMPARE(w->editorPanel()->findChild<QDoubleSpinBox*>("levels")->value(), 9.0);
    }

    // A walkthrough found Try (T) doing nothing where a current result exists: the result
    // kept the viewer, so the live edit could not be compared with it.
    void tryShowsTheEditOverACurrentResultUntilThePlayheadMoves() {
        auto w = openWindow(clipA_);
        w->editorPanel()->setKeyframeHere();
        QVERIFY(propagate(w.get()));
        w->session()->setCurrent(5);
        QTRY_VERIFY_WITH_TIMEOUT(w->viewer()->processedLabel() == "Result", 10000);
        w->actions().tryFrame->trigger();
        QTRY_VERIFY(w->viewer()->processedLabel() == "Edit: cartoon");
        w->session()->setCurrent(6);
        QTRY_VERIFY_WITH_TIMEOUT(w->viewer()->processedLabel() == "Result", 10000);
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
        QCOMPARE(keys[0].frame, 0);  // where the artist set it: frames 0-7 are a lead-in
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
        engine->setCurrentIndex(0);             // remembered otherwise
    }

    void learnedFillChoiceMakesAWarpJobWithTheStyleNetFillAndComesBackFromItsSettings() {
        auto w = openWindow(clipB_);
        auto* panel = w->propagationPanel();
        auto* engine = panel->findChild<QComboBox*>();
        const int index = engine->findData("warp+style-net");
        QVERIFY(index > 0);
        engine->setCurrentIndex(index);
        auto* tryStyle = panel->findChild<QPushButton*>("tryLearnedStyle");
        QVERIFY(tryStyle && tryStyle->isEnabled());
        QVERIFY(panel->findChild<QSpinBox*>("styleTrainSeconds")->isEnabled());
        const PropagationSettings s = panel->makeJob(clipB_, "o.mp4", false).settings;
        QCOMPARE(s.engine, std::string("warp"));
        QCOMPARE(s.engineSettings["fill"].get<std::string>(), std::string("style-net"));
        QVERIFY(s.engineSettings.contains("style_train_seconds"));
        engine->setCurrentIndex(0);
        QVERIFY(!tryStyle->isEnabled());          // the plain warp engine learns nothing
        w->actions().tryLearnedStyle->trigger();  // its shortcut says so instead of failing
        QVERIFY(!panel->worker().running());
        panel->applySettings(s);  // a project or queued job with the learned fill
        QCOMPARE(engine->currentIndex(), index);
        PropagationSettings plain;
        panel->applySettings(plain);
        QCOMPARE(engine->currentData().toString(), QString("warp"));
    }

    // A range after the keyframe runs from the keyframe: the count says how much of it is
    // that lead-in (a range of 12-20 counting "8 / 21 frames" read as a wrong range).
    void progressOfARangeAfterTheKeyframeSaysHowManyFramesLeadIn() {
        auto w = openWindow(clipA_);
        w->session()->setCurrent(0);
        w->editorPanel()->setKeyframeHere();
        w->session()->setRange(12, 20);
        QLabel* status = nullptr;
        for (auto* l : w->propagationPanel()->findChildren<QLabel*>())
            if (l->wordWrap()) status = l;
        QVERIFY(status);
        QStringList seen;
        connect(&w->propagationPanel()->worker(), &PropagationWorker::progress, status,
                [&] { seen << status->text(); });
        QVERIFY(propagate(w.get()));
        QVERIFY(!seen.isEmpty());
        QVERIFY2(seen.last().contains("/ 21 frames (12 of them lead in"), qPrintable(seen.last()));
        w->session()->setRange(0, -1);
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
        for (const char* key : {"Ctrl+G", "Ctrl+S", "Ctrl+Z", "Space", "Ctrl+E", "Shift+T"})
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
