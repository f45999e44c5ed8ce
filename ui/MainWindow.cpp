#include "ui/MainWindow.h"

#include <QCloseEvent>
#include <QDockWidget>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QGuiApplication>
#include <QMessageBox>
#include <QMimeData>
#include <QProgressBar>
#include <QPushButton>
#include <QScreen>
#include <QSettings>
#include <QStatusBar>
#include <QUrl>
#include <QVBoxLayout>
#include <QtConcurrent>

#include "media/ShotDetector.h"
#include "ui/ClipSession.h"
#include "ui/EditorPanel.h"
#include "ui/ExportDialog.h"
#include "ui/ExportTask.h"
#include "ui/FittingScrollArea.h"
#include "ui/FrameReadout.h"
#include "ui/ImageConvert.h"
#include "ui/OverlayPanel.h"
#include "ui/PlotsWidget.h"
#include "ui/ProjectController.h"
#include "ui/PropagationPanel.h"
#include "ui/QueueDock.h"
#include "ui/Timeline.h"
#include "ui/ViewerWidget.h"

namespace restyle::ui {

MainWindow::MainWindow(QWidget* parent, const QString& queueFile, const QString& autosaveFile)
    : QMainWindow(parent), session_(new ClipSession(this)) {
    setAcceptDrops(true);
    setDockNestingEnabled(true);
    auto* central = new QWidget(this);
    auto* v = new QVBoxLayout(central);
    v->setContentsMargins(0, 0, 0, 0);
    v->setSpacing(0);
    viewer_ = new ViewerWidget(central);
    timeline_ = new Timeline(central);
    readout_ = new FrameReadout(session_, central);
    v->addWidget(viewer_, 1);
    v->addWidget(timeline_);
    v->addWidget(readout_);
    setCentralWidget(central);

    editor_ = new EditorPanel(session_, this);
    overlay_ = new OverlayPanel(session_, this);
    propagation_ = new PropagationPanel(session_, this);
    plots_ = new PlotsWidget(this);
    queue_ = new QueueDock(
        queueFile.isEmpty() ? QueueDock::defaultQueueFile() : queueFile,
        [this](const QString& clip) {
            Job j = propagation_->makeJob(clip, ExportDialog::suggestedOutput(clip),
                                          clip != session_->path());
            // A final output: the export dialog's last quality settings.
            const QSettings settings;
            j.settings.crf = settings.value("export/crf", 18).toInt();
            j.settings.preset = settings.value("export/preset", "medium").toString().toStdString();
            return j;
        },
        this);
    project_ = new ProjectController(this, autosaveFile);
    export_ = new ExportTask(this);
    actions_ = Actions::create(this, session_->undoStack());
    for (auto [w, title, area] : {std::tuple<QWidget*, QString, Qt::DockWidgetArea>{
                                      editor_, tr("Editor"), Qt::RightDockWidgetArea},
                                  {overlay_, tr("Flow overlay"), Qt::RightDockWidgetArea},
                                  {propagation_, tr("Propagation"), Qt::RightDockWidgetArea},
                                  {plots_, tr("Plots"), Qt::BottomDockWidgetArea},
                                  {queue_, tr("Batch queue"), Qt::LeftDockWidgetArea}}) {
        docks_.push_back(addDock(w, title, area));
        actions_.docks->addAction(docks_.back()->toggleViewAction());
    }
    exportBar_ = new QProgressBar(this);
    exportBar_->setRange(0, 100);
    exportBar_->setMaximumWidth(200);
    exportBar_->setToolTip(tr("Export progress"));
    exportCancel_ = new QPushButton(tr("Cancel export"), this);
    exportCancel_->setToolTip(tr("Stop the export; nothing half-written is kept"));
    statusBar()->addPermanentWidget(exportBar_);
    statusBar()->addPermanentWidget(exportCancel_);
    exportBar_->hide();
    exportCancel_->hide();
    statusBar()->showMessage(tr("Open a clip to start (Ctrl+O), or drop one on the window."));
    if (!queue_->loadWarnings().isEmpty()) notify(queue_->loadWarnings().join(" "));

    wireViewer();
    wireJobs();
    wireActions();

    QSettings settings;
    if (!restoreGeometry(settings.value("window/geometry").toByteArray())) resize(1400, 860);
    restoreState(settings.value("window/state").toByteArray());
    fitToScreen();
    updateRecent(QString());
    updateTitle();
}

MainWindow::~MainWindow() = default;

void MainWindow::fitToScreen() {
    // The window fits the screen it is on, whatever its scale factor (high-DPI screens
    // have fewer device-independent pixels) and whatever geometry was saved elsewhere.
    const QScreen* screen = this->screen() ? this->screen() : QGuiApplication::primaryScreen();
    if (!screen) return;
    const QRect avail = screen->availableGeometry();
    // A small (or high-DPI scaled) screen: the panels share tabs instead of stacking, so
    // the window's minimum size fits.
    if (avail.width() < 1400 || avail.height() < 900) arrangeDocks(true);
    QSize size = geometry().size();
    if (size.width() < 400 || size.height() < 300) size = QSize(1400, 860);
    size =
        size.boundedTo(avail.size() * 0.95).expandedTo(minimumSizeHint().boundedTo(avail.size()));
    resize(size);
    if (!avail.contains(frameGeometry().topLeft()) || !avail.contains(geometry()))
        move(avail.center() - QPoint(size.width() / 2, size.height() / 2));
}

void MainWindow::arrangeDocks(bool tabbed) {
    if (tabbed) {
        for (size_t i = 1; i < docks_.size(); ++i)
            tabifyDockWidget(docks_[0], docks_[i]);
        docks_[0]->raise();
        return;
    }
    const Qt::DockWidgetArea areas[] = {Qt::RightDockWidgetArea, Qt::RightDockWidgetArea,
                                        Qt::RightDockWidgetArea, Qt::BottomDockWidgetArea,
                                        Qt::LeftDockWidgetArea};
    for (size_t i = 0; i < docks_.size(); ++i)
        addDockWidget(areas[i], docks_[i]);
}

QDockWidget* MainWindow::addDock(QWidget* w, const QString& title, Qt::DockWidgetArea area) {
    auto* dock = new QDockWidget(title, this);
    dock->setObjectName(title);  // for saveState
    // The overlay's form scrolls inside its dock rather than growing the window past the
    // screen (found by a walkthrough); the editor scrolls its own form (EditorPanel).
    dock->setWidget(w == overlay_ ? new FittingScrollArea(w, dock) : w);
    addDockWidget(area, dock);
    return dock;
}

bool MainWindow::openClip(const QString& path) {
    QString error;
    if (!session_->open(QFileInfo(path).absoluteFilePath(), &error)) {
        showError(error);
        return false;
    }
    QSettings().setValue("lastFolder", QFileInfo(path).absolutePath());
    updateRecent(path);
    return true;
}

// Shot cuts are found by decoding the clip once at a small size, on a pool thread; the
// timeline shows them when they arrive, if the clip is still the one open.
void MainWindow::findCuts() {
    timeline_->setCuts({});
    const QString path = session_->path();
    auto* watcher = new QFutureWatcher<std::vector<int64_t>>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, path] {
        if (session_->path() == path) timeline_->setCuts(watcher->result());
        watcher->deleteLater();
    });
    watcher->setFuture(QtConcurrent::run([file = path.toStdString()] {
        try {
            return detectCuts(file);
        } catch (const std::exception&) {
            return std::vector<int64_t>{};  // no marks; opening already reported a bad clip
        }
    }));
}

void MainWindow::updateTitle() {
    QString title = "Restyle";
    if (session_->isOpen()) title = QFileInfo(session_->path()).fileName() + " — " + title;
    if (!project_->path().isEmpty())
        title =
            QFileInfo(project_->path()).fileName() + (project_->dirty() ? "*" : "") + " — " + title;
    else if (project_->dirty())
        title = "*" + title;
    const int percent = exportPercent_ >= 0        ? exportPercent_
                        : propagationPercent_ >= 0 ? propagationPercent_
                                                   : queuePercent_;
    if (percent >= 0) title = QString("[%1%] ").arg(percent) + title;
    setWindowTitle(title);
}

void MainWindow::showFrame() {
    const int64_t i = session_->current();
    const cv::Mat frame = session_->frames().cached(i);
    if (frame.empty()) {
        // While the playhead is dragged, the keyframe before it stands in (one decode, however
        // long the GOP); the exact frame follows when the drag stops.
        if (timeline_->isSliderDown()) {
            if (const cv::Mat near = session_->frames().standIn(i); !near.empty())
                viewer_->setSource(toQImage(near));
            else
                session_->frames().requestStandIn(i);
            return;
        }
        viewer_->setPending(tr("Decoding frame %1…").arg(i));
        session_->frames().request(i);
        return;
    }
    viewer_->setPending({});
    viewer_->setSource(toQImage(frame));
    // What the artist asked for last comes first: an overlay they turned on, a learned style
    // or an edit they tried on this frame, then the result
    // while it matches the keyframes and settings, then the live edit; a result made before
    // the latest changes shows only where there is nothing newer, and says so.
    const bool outdated = propagation_->resultOutdated();
    const QImage result = propagation_->result(i);
    const bool preview = previewFrame_ == i && !preview_.isNull();
    if (overlay_->enabled() && overlayFrame_ == i && !overlayImage_.isNull())
        viewer_->setProcessed(overlayImage_, overlayLabel_);
    else if (triedFrame_ == i && !tried_.isNull())
        viewer_->setProcessed(tried_, tr("Learned style (tried on this frame)"));
    else if (preview && triedEditFrame_ == i)
        viewer_->setProcessed(preview_, previewLabel_);
    else if (!result.isNull() && !outdated)
        viewer_->setProcessed(result, tr("Result"));
    else if (preview)
        viewer_->setProcessed(preview_, previewLabel_);
    else if (!result.isNull())
        viewer_->setProcessed(result, tr("Result (made before the latest changes)"));
    else
        viewer_->clearProcessed();
}

void MainWindow::showError(const QString& message) {
    lastError_ = message;
    statusBar()->showMessage(message);
    if (dialogs_) QMessageBox::warning(this, tr("Restyle"), message);
}

void MainWindow::notify(const QString& message) {
    lastError_ = message;
    statusBar()->showMessage(message, 10000);
}

bool MainWindow::exportTo(const QString& output, const TranscodeOptions& options) {
    // Only the open clip's own result is exported: never another clip's under this name.
    const QString result = propagation_->lastOutput();
    if (!session_->isOpen() || result.isEmpty()) {
        showError(tr("Nothing to export for %1 yet: propagate it first (Ctrl+Return).")
                      .arg(session_->isOpen() ? QFileInfo(session_->path()).fileName()
                                              : tr("this session")));
        return false;
    }
    if (propagation_->resultOutdated() && dialogs_ &&
        QMessageBox::question(this, tr("Restyle"),
                              tr("Keyframes or settings changed since the result was made. "
                                 "Export the result as it is?")) != QMessageBox::Yes)
        return false;
    if (!export_->start(result, output, options)) {
        showError(tr("A propagation or export is running: export when it has finished."));
        return false;
    }
    exportBar_->setValue(0);
    exportBar_->show();
    exportCancel_->show();
    statusBar()->showMessage(tr("Exporting %1…").arg(output));
    return true;
}

void MainWindow::exportResult() {
    if (propagation_->lastOutput().isEmpty() || export_->running())
        return void(exportTo(QString(), {}));  // says why not
    ExportDialog dialog(
        exportPath_.isEmpty() ? ExportDialog::suggestedOutput(session_->path()) : exportPath_,
        this);
    dialog.setSourceHasAudio(session_->frames().info().audioCodec.has_value());
    if (!exportPath_.isEmpty()) dialog.setOptions(exportOptions_);
    if (dialog.exec() == QDialog::Accepted && exportTo(dialog.output(), dialog.options())) {
        setLastExport(dialog.output(), dialog.options());
        project_->markDirty();
    }
}

void MainWindow::setLastExport(const QString& path, const TranscodeOptions& options) {
    exportPath_ = path;
    exportOptions_ = options;
}

void MainWindow::closeEvent(QCloseEvent* e) {
    // The save question first: once the artist agrees to stop a running job, it stops at once.
    if (!askSaveChanges(tr("Save the changes to this project before quitting?"))) {
        e->ignore();
        return;
    }
    const bool busy = propagation_->running() || queue_->running() || export_->running();
    const QString question =
        queue_->running()
            ? tr("The queue is running. Stop it and quit? Nothing half-written is kept; the "
                 "queue runs again on the next start.")
            : tr("A propagation or export is running. Stop it and quit? Nothing half-written "
                 "is kept.");
    if (busy && dialogs_ &&
        QMessageBox::question(this, tr("Restyle"), question) != QMessageBox::Yes) {
        e->ignore();
        return;
    }
    propagation_->worker().cancel();
    export_->cancel();
    propagation_->worker().wait();
    export_->wait();
    queue_->shutdown();  // the running job is queued again
    project_->closedCleanly();
    QSettings settings;
    settings.setValue("window/geometry", saveGeometry());
    settings.setValue("window/state", saveState());
    e->accept();
}

void MainWindow::dragEnterEvent(QDragEnterEvent* e) {
    if (e->mimeData()->hasUrls()) e->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* e) {
    QStringList paths;
    for (const QUrl& u : e->mimeData()->urls())
        if (u.isLocalFile()) paths << u.toLocalFile();
    if (paths.isEmpty()) return;
    // One clip (or project) opens; several (or a folder) go to the batch queue.
    if (paths.size() == 1 && QFileInfo(paths[0]).isFile())
        openAny(paths[0]);
    else
        queue_->addPaths(paths);
    e->acceptProposedAction();
}

}  // namespace restyle::ui
