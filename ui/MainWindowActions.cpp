// MainWindow's menu actions wired to the panels (the actions themselves: Actions.cpp), and
// its files: clips, projects, recent files, recovery.
#include <QDateTime>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QMessageBox>
#include <QSettings>
#include <QStatusBar>
#include <set>

#include "ui/ClipSession.h"
#include "ui/EditorPanel.h"
#include "ui/FrameReadout.h"
#include "ui/HelpDialogs.h"
#include "ui/MainWindow.h"
#include "ui/ProjectController.h"
#include "ui/PropagationPanel.h"
#include "ui/QueueDock.h"
#include "ui/Theme.h"
#include "ui/Timeline.h"
#include "ui/ViewerWidget.h"

namespace restyle::ui {

void MainWindow::wireActions() {
    const Actions& a = actions_;
    connect(a.open, &QAction::triggered, this, [this] {
        const QString f = QFileDialog::getOpenFileName(
            this, tr("Open a clip"), QSettings().value("lastFolder").toString(),
            tr("Videos and projects (*.mp4 *.mov *.mkv *.avi *.webm *.m4v *.mpg *.ts *.wmv "
               "*.restyle);;All files (*)"));
        if (!f.isEmpty()) openAny(f);
    });
    connect(a.openProject, &QAction::triggered, this, [this] {
        // Projects live apart from footage: the folder of the last project opened or saved.
        const QSettings settings;
        const QString folder =
            settings.value("lastProjectFolder", settings.value("lastFolder")).toString();
        const QString f = QFileDialog::getOpenFileName(this, tr("Open a project"), folder,
                                                       tr("Restyle projects (*.restyle)"));
        if (!f.isEmpty()) openAny(f);
    });
    connect(a.saveAs, &QAction::triggered, this, [this] {
        const QFileInfo clip(session_->path());
        QString folder = clip.absolutePath();
        if (!QFileInfo(folder).isWritable())  // footage on a read-only share
            folder = QSettings().value("lastProjectFolder", QDir::homePath()).toString();
        const QString suggested = project_->path().isEmpty()
                                      ? folder + "/" + clip.completeBaseName() + ".restyle"
                                      : project_->path();
        QString f = QFileDialog::getSaveFileName(this, tr("Save project"), suggested,
                                                 tr("Restyle projects (*.restyle)"));
        if (f.isEmpty()) return;
        if (!f.endsWith(".restyle")) f += ".restyle";
        saveProject(f);
    });
    connect(a.save, &QAction::triggered, this, [this] {
        if (project_->path().isEmpty())
            actions_.saveAs->trigger();
        else
            saveProject(project_->path());
    });
    connect(a.addToQueue, &QAction::triggered, queue_, &QueueDock::addFromDialog);
    connect(a.quit, &QAction::triggered, this, &QWidget::close);
    connect(a.exportVideo, &QAction::triggered, this, &MainWindow::exportResult);

    connect(a.play, &QAction::triggered, timeline_, &Timeline::togglePlay);
    connect(a.stepBack, &QAction::triggered, this,
            [this] { session_->setCurrent(session_->current() - 1); });
    connect(a.stepForward, &QAction::triggered, this,
            [this] { session_->setCurrent(session_->current() + 1); });
    connect(a.first, &QAction::triggered, this, [this] { session_->setCurrent(0); });
    connect(a.last, &QAction::triggered, this,
            [this] { session_->setCurrent(session_->frameCount() - 1); });
    connect(a.goToFrame, &QAction::triggered, readout_, &FrameReadout::focusGoTo);
    // The frames worth jumping between: keyframes, shot cuts, and the in and out points.
    auto marks = [this] {
        std::set<int64_t> m;
        for (const auto& [f, k] : session_->keyframes())
            m.insert(f);
        m.insert(timeline_->cuts().begin(), timeline_->cuts().end());
        if (session_->inPoint() > 0) m.insert(session_->inPoint());
        if (session_->outPoint() >= 0) m.insert(session_->outPoint());
        return m;
    };
    connect(a.previousMark, &QAction::triggered, this, [this, marks] {
        const auto m = marks();
        auto it = m.lower_bound(session_->current());
        session_->setCurrent(it == m.begin() ? 0 : *std::prev(it));
    });
    connect(a.nextMark, &QAction::triggered, this, [this, marks] {
        const auto m = marks();
        auto it = m.upper_bound(session_->current());
        session_->setCurrent(it == m.end() ? session_->frameCount() - 1 : *it);
    });
    // As in a video editor, an in point after the out point drops the out point (and the
    // reverse); the status bar says what the range is now and which keyframe starts it.
    auto sayRange = [this](const QString& dropped) {
        const int64_t in = session_->inPoint(), out = session_->outPoint();
        QString text =
            out < 0 ? tr("Range: %1 to the end.").arg(in) : tr("Range: %1-%2.").arg(in).arg(out);
        const auto& keys = session_->keyframes();
        auto before = keys.upper_bound(in);
        if (before != keys.begin() && std::prev(before)->first < in)
            text += " " + tr("It starts from the keyframe at %1.").arg(std::prev(before)->first);
        statusBar()->showMessage(dropped.isEmpty() ? text : dropped + " " + text);
    };
    connect(a.setIn, &QAction::triggered, this, [this, sayRange] {
        const int64_t out = session_->outPoint();
        const bool drop = out >= 0 && out < session_->current();
        session_->setRange(session_->current(), drop ? -1 : out);
        sayRange(drop ? tr("In is after the out point, so the out point was dropped.") : QString());
    });
    connect(a.setOut, &QAction::triggered, this, [this, sayRange] {
        const bool drop = session_->inPoint() > session_->current();
        session_->setRange(drop ? 0 : session_->inPoint(), session_->current());
        sayRange(drop ? tr("Out is before the in point, so the in point was dropped.") : QString());
    });
    connect(a.clearRange, &QAction::triggered, this, [this] { session_->setRange(0, -1); });

    connect(a.tryFrame, &QAction::triggered, editor_, &EditorPanel::tryOnCurrentFrame);
    connect(a.setKeyframe, &QAction::triggered, editor_, &EditorPanel::setKeyframeHere);
    connect(a.importPainted, &QAction::triggered, editor_,
            [this] { editor_->importPaintedFrame(); });
    connect(a.propagate, &QAction::triggered, propagation_, &PropagationPanel::start);
    connect(a.tryLearnedStyle, &QAction::triggered, propagation_,
            &PropagationPanel::tryLearnedStyle);
    connect(a.cancel, &QAction::triggered, propagation_, &PropagationPanel::cancel);

    connect(a.fit, &QAction::triggered, this, [this] { viewer_->setFit(true); });
    connect(a.actualSize, &QAction::triggered, this, [this] { viewer_->setFit(false); });
    connect(a.viewSource, &QAction::triggered, this,
            [this] { viewer_->setMode(ViewerWidget::Mode::Source); });
    connect(a.viewProcessed, &QAction::triggered, this,
            [this] { viewer_->setMode(ViewerWidget::Mode::Processed); });
    connect(a.viewSideBySide, &QAction::triggered, this,
            [this] { viewer_->setMode(ViewerWidget::Mode::SideBySide); });
    connect(a.viewSplit, &QAction::triggered, this,
            [this] { viewer_->setMode(ViewerWidget::Mode::Split); });
    connect(viewer_, &ViewerWidget::modeChanged, this, [this] {
        const auto m = viewer_->mode();
        actions_.viewSource->setChecked(m == ViewerWidget::Mode::Source);
        actions_.viewProcessed->setChecked(m == ViewerWidget::Mode::Processed);
        actions_.viewSideBySide->setChecked(m == ViewerWidget::Mode::SideBySide);
        actions_.viewSplit->setChecked(m == ViewerWidget::Mode::Split);
    });
    a.theme->setChecked(darkThemeActive());
    connect(a.theme, &QAction::toggled, this,
            [](bool dark) { setThemeSetting(dark ? "dark" : "light"); });
    connect(a.shortcuts, &QAction::triggered, this,
            [this] { showShortcuts(this, actions_.withShortcuts); });
    connect(a.about, &QAction::triggered, this, [this] { showAbout(this); });
}

bool MainWindow::openProject(const QString& path) {
    QString error;
    if (!project_->open(path, &error)) {
        showError(error);
        return false;
    }
    updateRecent(path);
    QSettings().setValue("lastProjectFolder", QFileInfo(path).absolutePath());
    statusBar()->showMessage(tr("Opened project %1").arg(path));
    return true;
}

bool MainWindow::saveProject(const QString& path) {
    QString error;
    if (!project_->save(path, &error)) {
        showError(error);
        return false;
    }
    updateRecent(path);
    QSettings().setValue("lastProjectFolder", QFileInfo(path).absolutePath());
    statusBar()->showMessage(tr("Saved %1").arg(path));
    return true;
}

void MainWindow::offerRecovery() {
    const QString file = project_->recoverable();
    if (file.isEmpty()) return;
    const auto answer =
        !dialogs_ ? QMessageBox::Yes
                  : QMessageBox::question(
                        this, tr("Recover unsaved work?"),
                        tr("Restyle did not close normally last time. Recover the work saved "
                           "automatically at %1?")
                            .arg(QFileInfo(file).lastModified().toString("yyyy-MM-dd hh:mm")));
    QString error;
    if (answer == QMessageBox::Yes && !project_->recover(&error)) showError(error);
    if (answer != QMessageBox::Yes) project_->closedCleanly();
}

void MainWindow::openAny(const QString& path) {
    if (!askSaveChanges(tr("Save the changes to this project before opening %1?")
                            .arg(QFileInfo(path).fileName())))
        return;
    if (QFileInfo(path).suffix().toLower() == "restyle")
        openProject(path);
    else
        openClip(path);
}

void MainWindow::updateRecent(const QString& given) {
    QSettings settings;
    QStringList recent;
    // Absolute paths, each file once (older lists may hold relative or repeated ones).
    for (const QString& f : settings.value("recentFiles").toStringList()) {
        const QString abs = QFileInfo(f).absoluteFilePath();
        if (!recent.contains(abs)) recent << abs;
    }
    if (!given.isEmpty()) {
        const QString path = QFileInfo(given).absoluteFilePath();
        recent.removeAll(path);
        recent.prepend(path);
    }
    while (recent.size() > 10)
        recent.removeLast();
    settings.setValue("recentFiles", recent);
    actions_.recent->clear();
    for (const QString& f : recent) {
        QAction* a =
            actions_.recent->addAction(QFileInfo(f).fileName(), this, [this, f] { openAny(f); });
        a->setStatusTip(f);
        a->setToolTip(f);
    }
    actions_.recent->setEnabled(!recent.isEmpty());
}

bool MainWindow::askSaveChanges(const QString& question) {
    if (!dialogs_ || !project_->dirty()) return true;
    const auto answer =
        QMessageBox::question(this, tr("Restyle"), question,
                              QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel);
    if (answer == QMessageBox::Cancel) return false;
    if (answer == QMessageBox::Save) {
        actions_.save->trigger();
        return !project_->dirty();
    }
    return true;
}

}  // namespace restyle::ui
