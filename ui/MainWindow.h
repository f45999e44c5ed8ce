#pragma once
#include <QMainWindow>
#include <vector>

#include "media/Transcode.h"
#include "ui/Actions.h"

class QDockWidget;
class QProgressBar;
class QPushButton;

namespace restyle::ui {

class ClipSession;
class EditorPanel;
class ExportTask;
class FrameReadout;
class OverlayPanel;
class PlotsWidget;
class ProjectController;
class PropagationPanel;
class QueueDock;
class Timeline;
class ViewerWidget;

// Wires the docks together; does nothing else. Long work lives in the panels' workers.
class MainWindow : public QMainWindow {
    Q_OBJECT
  public:
    // `queueFile`: the batch queue's file (empty: the app data folder's queue.json);
    // `autosaveFile` likewise for the project autosave.
    explicit MainWindow(QWidget* parent = nullptr, const QString& queueFile = QString(),
                        const QString& autosaveFile = QString());
    ~MainWindow() override;

    bool openClip(const QString& path);
    bool openProject(const QString& path);
    bool saveProject(const QString& path);
    // After a crash: offers to recover the autosaved work (asks when dialogs are on).
    void offerRecovery();
    // The panels in tabs (small screens) or side by side around the viewer.
    void arrangeDocks(bool tabbed);
    // Errors go to a dialog, or only to lastError() and the status bar when dialogs are off
    // (tests, screenshots).
    void setDialogsEnabled(bool on) { dialogs_ = on; }
    QString lastError() const { return lastError_; }
    // Exports the open clip's result to `output` on the worker; false (with lastError())
    // when there is none or another heavy job runs.
    bool exportTo(const QString& output, const TranscodeOptions& options);
    // The open clip's last export (path and settings; empty path: none yet), which the
    // export dialog offers again and projects keep.
    QString lastExportPath() const { return exportPath_; }
    TranscodeOptions lastExportOptions() const { return exportOptions_; }
    void setLastExport(const QString& path, const TranscodeOptions& options);

    ClipSession* session() const { return session_; }
    ViewerWidget* viewer() const { return viewer_; }
    Timeline* timeline() const { return timeline_; }
    FrameReadout* frameReadout() const { return readout_; }
    EditorPanel* editorPanel() const { return editor_; }
    OverlayPanel* overlayPanel() const { return overlay_; }
    PropagationPanel* propagationPanel() const { return propagation_; }
    PlotsWidget* plots() const { return plots_; }
    QueueDock* queueDock() const { return queue_; }
    ProjectController* project() const { return project_; }
    ExportTask* exportTask() const { return export_; }
    const Actions& actions() const { return actions_; }

  Q_SIGNALS:
    void exportFinished(bool ok, const QString& message);

  protected:
    void closeEvent(QCloseEvent* e) override;
    void dragEnterEvent(QDragEnterEvent* e) override;
    void dropEvent(QDropEvent* e) override;

  private:
    QDockWidget* addDock(QWidget* w, const QString& title, Qt::DockWidgetArea area);
    void wireActions();
    void wireViewer();  // MainWindowWiring.cpp
    void wireJobs();
    void showFrame();
    void showError(const QString& message);  // a dialog (when on) for what the user asked
    void notify(const QString& message);     // status bar only: never a modal dialog
    void exportResult();
    void updateRecent(const QString& path);
    void openAny(const QString& path);  // a clip or a .restyle project
    bool askSaveChanges(const QString& question);  // false: the user canceled
    void updateTitle();
    void findCuts();
    void fitToScreen();

    ClipSession* session_;
    ViewerWidget* viewer_;
    Timeline* timeline_;
    FrameReadout* readout_;
    EditorPanel* editor_;
    OverlayPanel* overlay_;
    PropagationPanel* propagation_;
    PlotsWidget* plots_;
    QueueDock* queue_;
    std::vector<QDockWidget*> docks_;  // editor, overlay, propagation, plots, queue
    ProjectController* project_;
    ExportTask* export_;
    QProgressBar* exportBar_;
    QPushButton* exportCancel_;
    Actions actions_;
    bool dialogs_ = true;
    QString lastError_;
    QString exportPath_;
    TranscodeOptions exportOptions_;
    int propagationPercent_ = -1, queuePercent_ = -1, exportPercent_ = -1;
    // The newest processed picture of each kind, with the frame it belongs to.
    qint64 previewFrame_ = -1, overlayFrame_ = -1;
    qint64 triedEditFrame_ = -1;  // Try was pressed here: the edit shows ahead of the result
    QString previewError_;        // the status bar's message about the last failed preview
    QImage preview_, overlayImage_;
    QString previewLabel_, overlayLabel_;
    qint64 triedFrame_ = -1;  // the learned style tried on this frame (until edits change)
    QImage tried_;
};

}  // namespace restyle::ui
