// How MainWindow's parts talk: the session, timeline, editor and overlay feed the viewer;
// propagation, the queue and export report progress to the title, plots and status bar.
#include <QDesktopServices>
#include <QFileInfo>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QStatusBar>
#include <QUrl>

#include "ui/ClipSession.h"
#include "ui/EditorPanel.h"
#include "ui/ExportTask.h"
#include "ui/MainWindow.h"
#include "ui/OverlayPanel.h"
#include "ui/PlotsWidget.h"
#include "ui/ProjectController.h"
#include "ui/PropagationPanel.h"
#include "ui/PropagationWorker.h"
#include "ui/QueueDock.h"
#include "ui/Timeline.h"
#include "ui/ViewerWidget.h"

namespace restyle::ui {

void MainWindow::wireViewer() {
    connect(session_, &ClipSession::clipOpened, this, [this] {
        setLastExport(QString(), {});  // another clip's export is not this one's
        const auto& info = session_->frames().info();
        timeline_->setFrameCount(info.frames, info.fps());
        findCuts();
        preview_ = overlayImage_ = QImage();
        previewFrame_ = overlayFrame_ = -1;
        plots_->clear();
        updateTitle();
        statusBar()->showMessage(tr("%1: %2x%3, %4 frames, %5 s")
                                     .arg(session_->path())
                                     .arg(info.width)
                                     .arg(info.height)
                                     .arg(info.frames)
                                     .arg(info.duration, 0, 'f', 2));
        showFrame();
    });
    connect(session_, &ClipSession::rangeChanged, this, [this] {
        timeline_->setInOut(session_->inPoint(), session_->outPoint());
    });
    connect(timeline_, &QSlider::sliderReleased, this, [this] { showFrame(); });
    connect(session_, &ClipSession::frameTimesChanged, this,
            [this] { timeline_->setFrameTimes(session_->frameTimes()); });
    connect(timeline_, &QSlider::valueChanged, session_,
            [this](int v) { session_->setCurrent(v); });
    connect(session_, &ClipSession::currentChanged, this, [this](qint64 i) {
        if (i != triedEditFrame_) triedEditFrame_ = -1;  // a tried edit is for its frame
        const QSignalBlocker block(timeline_);
        timeline_->setValue(int(i));
        showFrame();
    });
    connect(&session_->frames(), &FrameCache::frameReady, this, [this](qint64 i) {
        if (i == session_->current()) showFrame();
    });
    connect(session_, &ClipSession::keyframesChanged, this, [this] {
        std::set<int64_t> marks;
        for (const auto& [f, k] : session_->keyframes())
            marks.insert(f);
        timeline_->setKeyframes(marks);
        showFrame();  // a result made before this change is no longer shown as current
    });
    connect(editor_, &EditorPanel::previewReady, this,
            [this](qint64 f, const QImage& img, const QString& l) {
                previewFrame_ = f;
                preview_ = img;
                previewLabel_ = l;
                // A preview error stays up no longer than the problem (a bad LUT replaced).
                if (!previewError_.isEmpty() && statusBar()->currentMessage() == previewError_)
                    statusBar()->clearMessage();
                previewError_.clear();
                showFrame();
            });
    connect(editor_, &EditorPanel::tryRequested, this, [this](qint64 f) {
        triedEditFrame_ = f;
        showFrame();
    });
    connect(editor_, &EditorPanel::previewCleared, this, [this] {
        preview_ = QImage();
        previewFrame_ = -1;
        showFrame();
    });
    connect(overlay_, &OverlayPanel::overlayReady, this,
            [this](qint64 f, const QImage& img, const QString& l) {
                overlayFrame_ = f;
                overlayImage_ = img;
                overlayLabel_ = l;
                showFrame();
            });
    connect(overlay_, &OverlayPanel::enabledChanged, this, [this] { showFrame(); });
    // Previews, overlays and decoding run while the artist scrubs or plays: their errors
    // go to the status bar (and the panels), never to a modal dialog.
    connect(editor_, &EditorPanel::previewFailed, this, [this](const QString& message) {
        previewError_ = message;
        notify(message);
    });
    connect(overlay_, &OverlayPanel::overlayFailed, this, &MainWindow::notify);
    connect(&session_->frames(), &FrameCache::decodeFailed, this, [this](const QString& why) {
        viewer_->setPending(tr("This frame cannot be decoded"));
        notify(why);
    });
}

void MainWindow::wireJobs() {
    connect(propagation_, &PropagationPanel::started, this, [this] {
        triedEditFrame_ = -1;  // the run's frames show as they come
        plots_->clear();
        statusBar()->clearMessage();  // the last run's "Canceled" is not this run's
    });
    connect(propagation_, &PropagationPanel::resultReady, this,
            [this](qint64 f, const QImage&, double w, double r, double ms) {
                plots_->add(f, w, r, ms);
                if (f == session_->current()) showFrame();
            });
    connect(&propagation_->worker(), &PropagationWorker::trainingLoss, plots_,
            &PlotsWidget::addLoss);
    connect(propagation_, &PropagationPanel::resultRestored, this, [this](const QString& out) {
        plots_->loadCsv(PropagationPanel::metricsFor(out));
        showFrame();
    });
    connect(propagation_, &PropagationPanel::styleTried, this, [this](qint64 f, const QImage& img) {
        if (f < 0 && triedFrame_ < 0) return;
        triedFrame_ = f;  // -1: retired
        tried_ = img;
        showFrame();
    });
    // A tried style shows what the keyframes and editor were: any change retires it.
    for (auto signal : {&ClipSession::keyframesChanged, &ClipSession::paramsChanged,
                        &ClipSession::editorChanged, &ClipSession::clipOpened})
        connect(session_, signal, this, [this] {
            if (triedFrame_ < 0) return;
            triedFrame_ = -1;
            tried_ = QImage();
            showFrame();
        });
    connect(propagation_, &PropagationPanel::resultAvailable, this, [this](qint64 f) {
        if (f == session_->current()) showFrame();
    });
    connect(propagation_, &PropagationPanel::done, this,
            [this](bool ok, const QString& msg, const QString&) {
                statusBar()->showMessage(msg);
                if (msg.startsWith(tr("Canceled"))) plots_->clear();  // nothing was kept
                if (!ok && !msg.startsWith(tr("Canceled")) && !msg.startsWith(tr("Done")))
                    showError(msg);
                if (!ok) showFrame();  // no frame of the stopped run stays as the result
            });
    connect(plots_, &PlotsWidget::frameClicked, this,
            [this](qint64 f) { session_->setCurrent(f); });
    connect(propagation_, &PropagationPanel::progressChanged, this, [this](int p) {
        propagationPercent_ = p;
        updateTitle();
    });
    connect(queue_, &QueueDock::progressChanged, this, [this](int p) {
        queuePercent_ = p;
        updateTitle();
    });
    connect(project_, &ProjectController::stateChanged, this, &MainWindow::updateTitle);
    connect(export_, &ExportTask::progress, this, [this](int p) {
        exportBar_->setValue(p);
        exportPercent_ = p;
        updateTitle();
    });
    connect(export_, &ExportTask::finished, this, [this](const QString& error, const QString& out) {
        export_->wait();
        exportBar_->setValue(0);
        exportBar_->hide();
        exportCancel_->hide();
        exportPercent_ = -1;
        updateTitle();
        if (!error.isEmpty()) {
            error.startsWith(tr("Export canceled")) ? notify(error) : showError(error);
            Q_EMIT exportFinished(false, error);
            return;
        }
        statusBar()->showMessage(tr("Exported %1").arg(out));
        if (QSettings().value("export/openFolder", false).toBool() && dialogs_)
            QDesktopServices::openUrl(QUrl::fromLocalFile(QFileInfo(out).path()));
        Q_EMIT exportFinished(true, out);
    });
    connect(exportCancel_, &QPushButton::clicked, export_, &ExportTask::cancel);
}

}  // namespace restyle::ui
