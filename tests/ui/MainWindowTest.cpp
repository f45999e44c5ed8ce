// The desktop application, offscreen: open a clip, edit with preview and undo, keyframes,
// flow overlay, propagation on the worker with a responsive event loop, cancel, the batch
// queue (drop, persistence, background run) and export.
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDockWidget>
#include <QDoubleSpinBox>
#include <QDropEvent>
#include <QElapsedTimer>
#include <QLabel>
#include <QMimeData>
#include <QMouseEvent>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QtTest>
#include <opencv2/imgcodecs.hpp>

#include "media/SampleClip.h"
#include "media/VideoReader.h"
#include "support/TestSupport.h"
#include "ui/ClipSession.h"
#include "ui/EditorPanel.h"
#include "ui/ExportDialog.h"
#include "ui/FrameCache.h"
#include "ui/MainWindow.h"
#include "ui/OverlayPanel.h"
#include "ui/PlotsWidget.h"
#include "ui/PropagationPanel.h"
#include "ui/QueueDock.h"
#include "ui/ViewerWidget.h"

using namespace restyle;
using namespace restyle::ui;

class MainWindowTest : public QObject {
    Q_OBJECT
  private:
    test::TempDir tmp_;
    QString clip_, longClip_;
    QString queueFile() const { return QString::fromStdString(tmp_.path("queue.json")); }

    std::unique_ptr<MainWindow> openWindow(const QString& clip) {
        auto w = std::make_unique<MainWindow>(nullptr, queueFile());
        w->setDialogsEnabled(false);
        w->show();
        if (!clip.isEmpty()) {
            if (!w->openClip(clip)) qWarning() << w->lastError();
        }
        return w;
    }

  private Q_SLOTS:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QSettings().clear();  // every run starts from defaults
        clip_ = QString::fromStdString(tmp_.path("clip.mp4"));
        writeSampleClip(clip_.toStdString(), SampleClipOptions{320, 180, 24, 24, 3});
        longClip_ = QString::fromStdString(tmp_.path("long.mp4"));
        writeSampleClip(longClip_.toStdString(), SampleClipOptions{640, 360, 240, 30, 4});
    }

    void opensAClipAndShowsFrames() {
        auto w = openWindow(clip_);
        QCOMPARE(w->session()->frameCount(), 24);
        QTRY_VERIFY(w->viewer()->isVisible());
        QTRY_VERIFY_WITH_TIMEOUT(!w->viewer()->grab().isNull(), 5000);
        w->session()->setCurrent(7);
        QTRY_VERIFY_WITH_TIMEOUT(!w->session()->frames().cached(7).empty(), 5000);
        QVERIFY(!w->openClip(QString::fromStdString(tmp_.path("missing.mp4"))));
        QVERIFY(w->lastError().contains("missing.mp4"));
    }

    // One GOP of 240 frames: a step back decodes the frames before it on the same pass, so
    // the next steps back are in memory; while idle, the frames after the playhead are read.
    void stepsBackComeFromOneDecodeAndIdleTimeReadsAhead() {
        auto w = openWindow(longClip_);
        FrameCache& frames = w->session()->frames();
        w->session()->setCurrent(120);
        QTRY_VERIFY_WITH_TIMEOUT(!frames.cached(120).empty(), 5000);
        w->session()->setCurrent(119);
        QTRY_VERIFY_WITH_TIMEOUT(!frames.cached(119).empty(), 5000);
        for (int i = 118; i >= 105; --i)
            QVERIFY2(!frames.cached(i).empty(), qPrintable(QString("frame %1").arg(i)));
        QTRY_VERIFY_WITH_TIMEOUT(!frames.cached(123).empty(), 5000);  // read ahead
    }

    // "Try learned style": the few-shot network learnt from the keyframe draws the frame under
    // the playhead in the viewer, before any propagation; a change of the edit retires it.
    void tryLearnedStyleShowsTheFrameInTheLearntLookUntilTheEditChanges() {
        auto w = openWindow(clip_);
        auto* tryStyle = w->propagationPanel()->findChild<QPushButton*>("tryLearnedStyle");
        QVERIFY(tryStyle && !tryStyle->isEnabled());  // the warp engine learns nothing
        auto* engine = w->propagationPanel()->findChild<QComboBox*>();
        engine->setCurrentIndex(engine->findData("fewshot"));
        QVERIFY(tryStyle->isEnabled());
        w->propagationPanel()->findChild<QSpinBox*>("styleTrainSeconds")->setValue(2);
        w->editorPanel()->setKeyframeHere();  // frame 0, the panel's editor
        w->session()->setCurrent(15);
        const QByteArray cache = qgetenv("XDG_CACHE_HOME");
        qputenv("XDG_CACHE_HOME", QByteArray::fromStdString(tmp_.path("try-cache")));
        QTest::mouseClick(tryStyle, Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(w->viewer()->processedLabel().startsWith("Learned style"), 60000);
        cache.isNull() ? qunsetenv("XDG_CACHE_HOME") : qputenv("XDG_CACHE_HOME", cache);
        QTRY_VERIFY(tryStyle->isEnabled());
        // The status says how the network came about: 2 s is short, and it says so.
        bool toldShort = false;
        for (auto* label : w->propagationPanel()->findChildren<QLabel*>())
            toldShort |= label->text().contains("Short training");
        QVERIFY(toldShort);
        // Another engine (as before a run with it) retires the tried image.
        engine->setCurrentIndex(0);
        QTRY_VERIFY(!w->viewer()->processedLabel().startsWith("Learned style"));
    }

    // A click to focus the viewer leaves the split where it is; grabbing the divider moves it.
    // Docked beside other panels the editor gets little height: its form scrolls, and the
    // keyframe buttons stay in sight (they were scrolled out of a short dock).
    void editorButtonsStayInSightInAShortDock() {
        auto w = openWindow(clip_);
        auto* panel = w->editorPanel();
        QDockWidget* dock = nullptr;
        for (QWidget* p = panel->parentWidget(); p && !dock; p = p->parentWidget())
            dock = qobject_cast<QDockWidget*>(p);
        QVERIFY(dock);
        dock->setFloating(true);
        dock->resize(360, 220);
        QTest::qWait(50);
        auto* key = panel->findChild<QPushButton*>("setKeyframe");
        QVERIFY(key);
        QTRY_VERIFY(key->isVisible());
        const QRect inDock(key->mapTo(dock, QPoint(0, 0)), key->size());
        QVERIFY2(dock->rect().contains(inDock),
                 qPrintable(QString("button bottom at %1 in a dock of height %2")
                                .arg(inDock.bottom())
                                .arg(dock->height())));
    }

    void viewerSplitMovesOnlyWhenTheDividerIsDragged() {
        auto w = openWindow(clip_);
        ViewerWidget* v = w->viewer();
        v->setMode(ViewerWidget::Mode::Split);
        QTRY_VERIFY(!w->session()->frames().cached(0).empty());  // the viewer has a frame
        QTest::qWait(100);
        QTest::mouseClick(v, Qt::LeftButton, {}, QPoint(v->width() / 5, v->height() / 2));
        QCOMPARE(v->divider(), 0.5);
        const QPoint line(v->width() / 2, v->height() / 2);
        QTest::mousePress(v, Qt::LeftButton, {}, line);
        QMouseEvent drag(QEvent::MouseMove, QPointF(v->width() / 4, v->height() / 2),
                         v->mapToGlobal(QPointF(v->width() / 4, v->height() / 2)), Qt::NoButton,
                         Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(v, &drag);
        QTest::mouseRelease(v, Qt::LeftButton, {}, QPoint(v->width() / 4, v->height() / 2));
        QVERIFY2(v->divider() < 0.4, qPrintable(QString::number(v->divider())));
    }

    void parameterEditChangesThePreviewAndUndoes() {
        auto w = openWindow(clip_);
        QSignalSpy previews(w->editorPanel(), &EditorPanel::previewReady);
        QTRY_VERIFY_WITH_TIMEOUT(previews.count() >= 1, 10000);
        const QImage before = previews.last().at(1).value<QImage>();
        auto* levels = w->editorPanel()->findChild<QDoubleSpinBox*>("levels");
        QVERIFY(levels);
        const double old = levels->value();
        levels->setValue(2);  // a user edit: through the undo stack
        QCOMPARE(w->session()->params()["levels"].get<int>(), 2);
        QTRY_VERIFY_WITH_TIMEOUT(previews.count() >= 2, 10000);
        const QImage after = previews.last().at(1).value<QImage>();
        QVERIFY(after != before);
        w->session()->undoStack()->undo();
        QCOMPARE(w->session()->params()["levels"].get<double>(), old);
        QCOMPARE(levels->value(), old);
        QTRY_VERIFY_WITH_TIMEOUT(previews.count() >= 3, 10000);
        QCOMPARE(previews.last().at(1).value<QImage>(), before);
    }

    void keyframesAreSetAndUndone() {
        auto w = openWindow(clip_);
        w->session()->setCurrent(5);
        auto* button = w->editorPanel()->findChild<QPushButton*>("setKeyframe");
        QVERIFY(button);
        button->click();
        QCOMPARE(w->session()->keyframes().count(5), size_t(1));
        QCOMPARE(w->session()->coreKeyframes()[0].frame, 5);
        w->session()->undoStack()->undo();
        QCOMPARE(w->session()->keyframes().size(), size_t(0));
        w->session()->undoStack()->redo();
        QCOMPARE(w->session()->keyframes().size(), size_t(1));
    }

    // A range never moves a keyframe: the run starts at the latest one before the in point
    // (painted or not) with a lead-in, and the keyframe after the out point is kept too.
    void keyframesAroundTheRangeKeepTheirOwnFrames() {
        auto w = openWindow(clip_);
        const QString painting = QString::fromStdString(tmp_.path("painted.png"));
        cv::imwrite(painting.toStdString(), cv::Mat(180, 320, CV_8UC3, cv::Scalar(0, 0, 255)));
        w->session()->setCurrent(2);
        w->editorPanel()->importPaintedFrame(painting);
        w->session()->setCurrent(4);
        w->editorPanel()->setKeyframeHere();
        w->session()->setCurrent(22);
        w->editorPanel()->setKeyframeHere();
        w->session()->setRange(10, 20);
        const auto keys = w->session()->coreKeyframes();
        QCOMPARE(keys.size(), size_t(3));
        QCOMPARE(keys[0].frame, 2);
        QCOMPARE(QString::fromStdString(keys[0].image), painting);
        QCOMPARE(keys[1].frame, 4);
        QVERIFY(keys[1].image.empty());
        QCOMPARE(keys[2].frame, 22);
        w->session()->setRange(0, -1);
    }

    void computesAFlowOverlay() {
        auto w = openWindow(clip_);
        QSignalSpy overlays(w->overlayPanel(), &OverlayPanel::overlayReady);
        w->session()->setCurrent(12);
        w->overlayPanel()->setMode(OverlayMode::Warp);
        w->overlayPanel()->setEnabled(true);
        QTRY_VERIFY_WITH_TIMEOUT(!overlays.isEmpty() && overlays.last().at(0).toLongLong() == 12,
                                 20000);
        const QImage img = overlays.last().at(1).value<QImage>();
        QCOMPARE(img.size(), QSize(320, 180));
        QTRY_VERIFY(w->viewer()->processedLabel().startsWith("Overlay"));
        // Another mode of the same frame: flow colours.
        w->overlayPanel()->setMode(OverlayMode::Color);
        QTRY_VERIFY_WITH_TIMEOUT(overlays.last().at(1).value<QImage>() != img, 20000);
    }

    void propagatesOnTheWorkerWhileTheGuiStaysResponsive() {
        auto w = openWindow(clip_);
        QSignalSpy done(w->propagationPanel(), &PropagationPanel::done);
        // A timer that must keep firing while the worker runs.
        QElapsedTimer clock;
        qint64 last = 0, worstGap = 0;
        int ticks = 0;
        QTimer timer;
        connect(&timer, &QTimer::timeout, [&] {
            const qint64 now = clock.elapsed();
            worstGap = std::max(worstGap, now - last);
            last = now;
            ++ticks;
        });
        clock.start();
        timer.start(10);
        w->propagationPanel()->start();
        QVERIFY(w->propagationPanel()->running());
        QTRY_VERIFY_WITH_TIMEOUT(!done.isEmpty(), 60000);
        timer.stop();
        QVERIFY2(done.first().at(0).toBool(), qPrintable(done.first().at(1).toString()));
        qInfo() << "event loop: " << ticks << "ticks, worst gap" << worstGap << "ms";
        QVERIFY(worstGap < 500);
        QCOMPARE(w->plots()->points(), 24);
        const QString result = w->propagationPanel()->lastOutput();
        QCOMPARE(probeVideo(result.toStdString()).frames, 24);
        // Beside the CLI's caches, not in Qt's doubled ~/.cache/Restyle/Restyle.
        QVERIFY(result.startsWith(
            QStandardPaths::writableLocation(QStandardPaths::GenericCacheLocation) +
            "/restyle/results/"));
        // Results show in the viewer as they arrive.
        w->session()->setCurrent(20);
        QTRY_VERIFY(w->viewer()->processedLabel() == "Result");
        // Export: MP4 with the source's frame count.
        const QString out = QString::fromStdString(tmp_.path("exported.mp4"));
        TranscodeOptions o;
        o.crf = 23;
        o.maxSide = 160;
        QCOMPARE(ExportDialog::exportVideo(result, out, o, {}, {}), QString());
        const VideoInfo info = probeVideo(out.toStdString());
        QCOMPARE(info.frames, 24);
        QCOMPARE(info.width, 160);
    }

    void exportOfAClipWithoutSoundOffersNoAudioAndKeepsTheSettingForTheNext() {
        QSettings().setValue("export/audio", true);
        ExportDialog silent(QString::fromStdString(tmp_.path("silent.mp4")));
        silent.setSourceHasAudio(false);
        auto* audio = silent.findChild<QCheckBox*>("keepAudio");
        QVERIFY(audio && !audio->isEnabled() && !audio->isChecked());
        QVERIFY(!silent.options().audio);
        silent.findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok)->click();
        ExportDialog next(QString::fromStdString(tmp_.path("next.mp4")));
        QVERIFY(next.findChild<QCheckBox*>("keepAudio")->isChecked());
    }

    void cancelStopsWithinASecond() {
        auto w = openWindow(longClip_);
        QSignalSpy results(w->propagationPanel(), &PropagationPanel::resultReady);
        QSignalSpy done(w->propagationPanel(), &PropagationPanel::done);
        w->propagationPanel()->start();
        QTRY_VERIFY_WITH_TIMEOUT(results.count() >= 3, 30000);
        QElapsedTimer t;
        t.start();
        w->propagationPanel()->cancel();
        QTRY_VERIFY_WITH_TIMEOUT(!done.isEmpty(), 5000);
        qInfo() << "canceled after" << t.elapsed() << "ms";
        QVERIFY(t.elapsed() < 1000);
        QVERIFY(!done.first().at(0).toBool());
        QVERIFY(!QFile::exists(done.first().at(2).toString()));
        QVERIFY(results.count() < 240);
        QVERIFY(w->propagationPanel()->result(1).isNull());  // none of its frames stays
    }

    // A walkthrough saw the new frame number over the old picture for up to a second while a
    // long-GOP jump decoded.
    void aFrameBeingDecodedDimsTheLastPictureUnderANoteUntilItShows() {
        auto w = openWindow(longClip_);
        QTRY_VERIFY_WITH_TIMEOUT(w->viewer()->pendingNote().isEmpty(), 10000);  // frame 0
        w->session()->setCurrent(200);
        QCOMPARE(w->viewer()->pendingNote(), QString("Decoding frame 200…"));
        QTRY_VERIFY_WITH_TIMEOUT(w->viewer()->pendingNote().isEmpty(), 10000);
    }

    // A walkthrough found a canceled run took the previous result with it (Ctrl+E said to
    // propagate first) and left its own frames shown as "Result".
    void aCanceledRunGivesBackThePreviousResult() {
        auto w = openWindow(longClip_);
        w->session()->setRange(0, 20);
        QSignalSpy done(w->propagationPanel(), &PropagationPanel::done);
        w->propagationPanel()->start();
        QTRY_VERIFY_WITH_TIMEOUT(!done.isEmpty(), 60000);
        QVERIFY(done.first().at(0).toBool());
        const QString kept = w->propagationPanel()->lastOutput();
        w->session()->setRange(0, -1);
        QSignalSpy results(w->propagationPanel(), &PropagationPanel::resultReady);
        w->propagationPanel()->start();
        QTRY_VERIFY_WITH_TIMEOUT(results.count() >= 3, 30000);
        w->propagationPanel()->cancel();
        QTRY_VERIFY_WITH_TIMEOUT(done.count() == 2, 5000);
        QVERIFY(!done.last().at(0).toBool());
        QCOMPARE(w->propagationPanel()->lastOutput(), kept);  // exported and saved again
        QCOMPARE(w->plots()->points(), 21);                   // its plots, from its CSV
        QVERIFY(w->propagationPanel()->resultOutdated());     // made for the range 0-20
        w->session()->setRange(0, 20);
        QVERIFY(!w->propagationPanel()->resultOutdated());
        w->session()->setCurrent(10);
        QTRY_VERIFY_WITH_TIMEOUT(w->viewer()->processedLabel() == "Result", 10000);
        w->session()->setCurrent(30);  // past the kept result: the canceled run's are gone
        QTRY_VERIFY(w->viewer()->processedLabel() != "Result");
    }

    void diffusionEngineAppearsWithModels() {
        qputenv("RESTYLE_MODEL_PATH", RESTYLE_TINY_MODELS);
        auto w = openWindow(clip_);
        auto* engine = w->propagationPanel()->findChild<QComboBox*>();
        QVERIFY(engine);
        const int index = engine->findText("Diffusion: tiny-sd");
        QVERIFY(index > 0);
        engine->setCurrentIndex(index);
        // Attention scores grow with the square of the pixel count, whatever the model's
        // width: at 320x180 even the tiny model takes minutes on two cores.
        auto* maxSide = w->propagationPanel()->findChild<QSpinBox*>("maxSide");
        QVERIFY(maxSide);
        maxSide->setValue(96);
        QSignalSpy done(w->propagationPanel(), &PropagationPanel::done);
        w->propagationPanel()->start();
        QTRY_VERIFY_WITH_TIMEOUT(!done.isEmpty(), 120000);
        QVERIFY2(done.first().at(0).toBool(), qPrintable(done.first().at(1).toString()));
        QCOMPARE(probeVideo(w->propagationPanel()->lastOutput().toStdString()).frames, 24);
        maxSide->setValue(0);  // remembered otherwise, for the tests that follow
        qunsetenv("RESTYLE_MODEL_PATH");
    }

    void settingsAreRemembered() {
        {
            auto w = openWindow(clip_);
            auto* levels = w->editorPanel()->findChild<QDoubleSpinBox*>("levels");
            QVERIFY(levels);
            levels->setValue(11);
            auto* engine = w->propagationPanel()->findChild<QComboBox*>();
            engine->setCurrentIndex(engine->findData("warp+style-net"));
            w->propagationPanel()->findChild<QSpinBox*>("styleTrainSeconds")->setValue(25);
        }
        auto w = openWindow(clip_);
        // The engine and its training budget too (they were back to warp and 60 s).
        auto* engine = w->propagationPanel()->findChild<QComboBox*>();
        QCOMPARE(engine->currentData().toString(), QString("warp+style-net"));
        QCOMPARE(w->propagationPanel()->findChild<QSpinBox*>("styleTrainSeconds")->value(), 25);
        engine->setCurrentIndex(0);  // back to the default for the tests after this one
        QCOMPARE(w->session()->editorName(), QString("cartoon"));
        QCOMPARE(w->session()->params()["levels"].get<double>(), 11.0);
        auto* levels = w->editorPanel()->findChild<QDoubleSpinBox*>("levels");
        QCOMPARE(levels->value(), 11.0);
        levels->setValue(6);  // back to the default for the tests after this one
        // A remembered editor that is no longer installed falls back to the first one.
        QSettings().setValue("editor/name", "uninstalled-model");
        auto again = openWindow(clip_);
        QCOMPARE(again->session()->editorName(), QString("cartoon"));
    }

    void queueTakesDroppedClipsPersistsAndRuns() {
        QFile::remove(queueFile());
        {
            auto w = openWindow(clip_);
            // What dropping two clips (as a file manager would: file URLs) does.
            QMimeData mime;
            mime.setUrls({QUrl::fromLocalFile(clip_), QUrl::fromLocalFile(clip_)});
            QCOMPARE(w->queueDock()->handleDrop(&mime), 2);
            QCOMPARE(w->queueDock()->queue().entries().size(), size_t(2));
            QCOMPARE(w->queueDock()->list()->count(), 2);  // and the rows show them
            QVERIFY(w->queueDock()->list()->item(0)->text().contains("queued"));
        }
        // A new window (a restart) finds the same queue, and runs it in the background.
        auto w = openWindow(QString());
        auto entries = w->queueDock()->queue().entries();
        QCOMPARE(entries.size(), size_t(2));
        QCOMPARE(entries[0].state, JobState::Queued);
        w->queueDock()->startRunner();
        QTRY_VERIFY_WITH_TIMEOUT(!w->queueDock()->running(), 60000);
        entries = w->queueDock()->queue().entries();
        QCOMPARE(entries[0].state, JobState::Done);
        QCOMPARE(entries[1].state, JobState::Done);
        QCOMPARE(probeVideo(entries[0].job.output).frames, 24);
        QTRY_VERIFY(w->queueDock()->list()->item(1)->text().contains("done"));
    }
};

QTEST_MAIN(MainWindowTest)
#include "MainWindowTest.moc"
