#include "ui/MainWindow.h"

#include <QCloseEvent>
#include <QCoreApplication>
#include <QDesktopServices>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QMessageBox>
#include <QMimeData>
#include <QProgressDialog>
#include <QSettings>
#include <QStatusBar>
#include <QUrl>
#include <QVBoxLayout>
#include <set>

#include "ui/ClipSession.h"
#include "ui/EditorPanel.h"
#include "ui/ExportDialog.h"
#include "ui/ImageConvert.h"
#include "ui/OverlayPanel.h"
#include "ui/PlotsWidget.h"
#include "ui/PropagationPanel.h"
#include "ui/QueueDock.h"
#include "ui/Timeline.h"
#include "ui/ViewerWidget.h"

namespace restyle::ui {

MainWindow::MainWindow(QWidget* parent, const QString& queueFile)
    : QMainWindow(parent), session_(new ClipSession(this)) {
    setWindowTitle("Restyle");
    setAcceptDrops(true);
    setDockNestingEnabled(true);
    auto* central = new QWidget(this);
    auto* v = new QVBoxLayout(central);
    v->setContentsMargins(0, 0, 0, 0);
    viewer_ = new ViewerWidget(central);
    timeline_ = new Timeline(central);
    v->addWidget(viewer_, 1);
    v->addWidget(timeline_);
    setCentralWidget(central);

    editor_ = new EditorPanel(session_, this);
    overlay_ = new OverlayPanel(session_, this);
    propagation_ = new PropagationPanel(session_, this);
    plots_ = new PlotsWidget(this);
    queue_ = new QueueDock(
        queueFile.isEmpty() ? QueueDock::defaultQueueFile() : queueFile,
        [this](const QString& clip) {
            const QFileInfo fi(clip);
            const QString out = fi.path() + "/" + fi.completeBaseName() + ".restyled.mp4";
            Job j = propagation_->makeJob(clip, out, clip != session_->path());
            j.settings.crf = 18;
            return j;
        },
        this);
    actions_ = Actions::create(this, session_->undoStack());
    for (auto [w, title, area] : {std::tuple<QWidget*, QString, Qt::DockWidgetArea>{
                                      editor_, tr("Editor"), Qt::RightDockWidgetArea},
                                  {overlay_, tr("Flow overlay"), Qt::RightDockWidgetArea},
                                  {propagation_, tr("Propagation"), Qt::RightDockWidgetArea},
                                  {plots_, tr("Plots"), Qt::BottomDockWidgetArea},
                                  {queue_, tr("Batch queue"), Qt::LeftDockWidgetArea}})
        actions_.docks->addAction(addDock(w, title, area)->toggleViewAction());
    statusBar()->showMessage(tr("Open a clip to start (Ctrl+O), or drop one on the window."));

    // Clip and playhead.
    connect(actions_.open, &QAction::triggered, this, [this] {
        const QString f = QFileDialog::getOpenFileName(
            this, tr("Open a clip"), QSettings().value("lastFolder").toString(),
            tr("Videos (*.mp4 *.mov *.mkv *.avi *.webm *.m4v *.mpg *.ts *.wmv);;All files (*)"));
        if (!f.isEmpty()) openClip(f);
    });
    connect(actions_.quit, &QAction::triggered, this, &QWidget::close);
    connect(session_, &ClipSession::clipOpened, this, [this] {
        const auto& info = session_->frames().info();
        timeline_->setFrameCount(info.frames, info.fps());
        preview_ = overlayImage_ = QImage();
        plots_->clear();
        setWindowTitle(QString("Restyle — %1").arg(QFileInfo(session_->path()).fileName()));
        statusBar()->showMessage(tr("%1: %2x%3, %4 frames at %5 fps")
                                     .arg(session_->path())
                                     .arg(info.width)
                                     .arg(info.height)
                                     .arg(info.frames)
                                     .arg(info.fps(), 0, 'f', 2));
        showFrame();
    });
    connect(timeline_, &QSlider::valueChanged, session_,
            [this](int v) { session_->setCurrent(v); });
    connect(session_, &ClipSession::currentChanged, this, [this](qint64 i) {
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
    });
    connect(actions_.play, &QAction::triggered, timeline_, &Timeline::togglePlay);
    connect(actions_.stepBack, &QAction::triggered, this,
            [this] { session_->setCurrent(session_->current() - 1); });
    connect(actions_.stepForward, &QAction::triggered, this,
            [this] { session_->setCurrent(session_->current() + 1); });
    connect(actions_.first, &QAction::triggered, this, [this] { session_->setCurrent(0); });
    connect(actions_.last, &QAction::triggered, this,
            [this] { session_->setCurrent(session_->frameCount() - 1); });

    // Processed pictures for the viewer.
    connect(editor_, &EditorPanel::previewReady, this,
            [this](qint64 f, const QImage& img, const QString& l) {
                previewFrame_ = f;
                preview_ = img;
                previewLabel_ = l;
                showFrame();
            });
    connect(overlay_, &OverlayPanel::overlayReady, this,
            [this](qint64 f, const QImage& img, const QString& l) {
                overlayFrame_ = f;
                overlayImage_ = img;
                overlayLabel_ = l;
                showFrame();
            });
    connect(editor_, &EditorPanel::previewFailed, this, &MainWindow::showError);
    connect(overlay_, &OverlayPanel::overlayFailed, this, &MainWindow::showError);
    connect(&session_->frames(), &FrameCache::decodeFailed, this, &MainWindow::showError);

    // Editing.
    connect(actions_.tryFrame, &QAction::triggered, editor_, &EditorPanel::tryOnCurrentFrame);
    connect(actions_.setKeyframe, &QAction::triggered, editor_, &EditorPanel::setKeyframeHere);
    connect(actions_.importPainted, &QAction::triggered, editor_,
            [this] { editor_->importPaintedFrame(); });

    // Propagation and its plots.
    connect(actions_.propagate, &QAction::triggered, propagation_, &PropagationPanel::start);
    connect(actions_.cancel, &QAction::triggered, propagation_, &PropagationPanel::cancel);
    connect(propagation_, &PropagationPanel::started, plots_, &PlotsWidget::clear);
    connect(propagation_, &PropagationPanel::resultReady, this,
            [this](qint64 f, const QImage&, double w, double r, double ms) {
                plots_->add(f, w, r, ms);
                if (f == session_->current()) showFrame();
            });
    connect(propagation_, &PropagationPanel::done, this,
            [this](bool ok, const QString& msg, const QString&) {
                statusBar()->showMessage(msg);
                if (!ok && !msg.startsWith(tr("Canceled"))) showError(msg);
            });
    connect(plots_, &PlotsWidget::frameClicked, this,
            [this](qint64 f) { session_->setCurrent(f); });
    connect(actions_.exportVideo, &QAction::triggered, this, &MainWindow::exportResult);

    // View.
    connect(actions_.fit, &QAction::triggered, this, [this] { viewer_->setFit(true); });
    connect(actions_.actualSize, &QAction::triggered, this, [this] { viewer_->setFit(false); });
    connect(actions_.viewSource, &QAction::triggered, this,
            [this] { viewer_->setMode(ViewerWidget::Mode::Source); });
    connect(actions_.viewProcessed, &QAction::triggered, this,
            [this] { viewer_->setMode(ViewerWidget::Mode::Processed); });
    connect(actions_.viewSideBySide, &QAction::triggered, this,
            [this] { viewer_->setMode(ViewerWidget::Mode::SideBySide); });
    connect(actions_.viewSplit, &QAction::triggered, this,
            [this] { viewer_->setMode(ViewerWidget::Mode::Split); });

    QSettings settings;
    resize(1400, 860);
    restoreGeometry(settings.value("window/geometry").toByteArray());
    restoreState(settings.value("window/state").toByteArray());
    updateRecent(QString());
}

MainWindow::~MainWindow() = default;

QDockWidget* MainWindow::addDock(QWidget* w, const QString& title, Qt::DockWidgetArea area) {
    auto* dock = new QDockWidget(title, this);
    dock->setObjectName(title);  // for saveState
    dock->setWidget(w);
    addDockWidget(area, dock);
    return dock;
}

bool MainWindow::openClip(const QString& path) {
    QString error;
    if (!session_->open(path, &error)) {
        showError(error);
        return false;
    }
    QSettings().setValue("lastFolder", QFileInfo(path).path());
    updateRecent(path);
    return true;
}

void MainWindow::updateRecent(const QString& path) {
    QSettings settings;
    QStringList recent = settings.value("recentFiles").toStringList();
    if (!path.isEmpty()) {
        recent.removeAll(path);
        recent.prepend(path);
        while (recent.size() > 10)
            recent.removeLast();
        settings.setValue("recentFiles", recent);
    }
    actions_.recent->clear();
    for (const QString& f : recent)
        actions_.recent->addAction(QFileInfo(f).fileName(), this, [this, f] { openClip(f); })
            ->setStatusTip(f);
    actions_.recent->setEnabled(!recent.isEmpty());
}

void MainWindow::showFrame() {
    const int64_t i = session_->current();
    const cv::Mat frame = session_->frames().cached(i);
    if (frame.empty()) {
        session_->frames().request(i);
        return;
    }
    viewer_->setSource(toQImage(frame));
    if (QImage r = propagation_->result(i); !r.isNull())
        viewer_->setProcessed(r, tr("Result"));
    else if (overlay_->enabled() && overlayFrame_ == i && !overlayImage_.isNull())
        viewer_->setProcessed(overlayImage_, overlayLabel_);
    else if (previewFrame_ == i && !preview_.isNull())
        viewer_->setProcessed(preview_, previewLabel_);
    else
        viewer_->clearProcessed();
}

void MainWindow::showError(const QString& message) {
    lastError_ = message;
    statusBar()->showMessage(message);
    if (dialogs_) QMessageBox::warning(this, tr("Restyle"), message);
}

void MainWindow::exportResult() {
    const QString result = propagation_->lastOutput();
    if (result.isEmpty()) {
        showError(tr("Nothing to export yet: propagate the clip first."));
        return;
    }
    const QFileInfo src(session_->path());
    ExportDialog dialog(src.path() + "/" + src.completeBaseName() + ".restyled.mp4", this);
    if (dialog.exec() != QDialog::Accepted) return;
    QProgressDialog progress(tr("Exporting…"), tr("Cancel"), 0, 100, this);
    progress.setWindowModality(Qt::WindowModal);
    std::stop_source stop;
    const QString error = ExportDialog::exportVideo(
        result, dialog.output(), dialog.options(),
        [&](const Progress& p) {
            progress.setValue(int(p.percent()));
            QCoreApplication::processEvents();
            if (progress.wasCanceled()) stop.request_stop();
        },
        stop.get_token());
    progress.close();
    if (!error.isEmpty()) {
        showError(error);
        return;
    }
    statusBar()->showMessage(tr("Exported %1").arg(dialog.output()));
    if (dialog.openFolder())
        QDesktopServices::openUrl(QUrl::fromLocalFile(QFileInfo(dialog.output()).path()));
}

void MainWindow::closeEvent(QCloseEvent* e) {
    if (propagation_->running() || queue_->running()) {
        if (dialogs_ && QMessageBox::question(
                            this, tr("Restyle"),
                            tr("A job is running. Stop it and quit? Nothing half-written "
                               "is kept; the queue resumes next time.")) != QMessageBox::Yes) {
            e->ignore();
            return;
        }
        propagation_->worker().cancel();
        propagation_->worker().wait();
        queue_->stopRunner();
    }
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
    // One clip opens; several (or a folder) go to the batch queue.
    if (paths.size() == 1 && QFileInfo(paths[0]).isFile())
        openClip(paths[0]);
    else
        queue_->addPaths(paths);
    e->acceptProposedAction();
}

}  // namespace restyle::ui
