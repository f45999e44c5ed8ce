#pragma once
#include <QMainWindow>

#include "ui/Actions.h"

class QDockWidget;

namespace restyle::ui {

class ClipSession;
class EditorPanel;
class OverlayPanel;
class PlotsWidget;
class PropagationPanel;
class QueueDock;
class Timeline;
class ViewerWidget;

// Wires the docks together; does nothing else. Long work lives in the panels' workers.
class MainWindow : public QMainWindow {
    Q_OBJECT
  public:
    // `queueFile`: the batch queue's file (empty: the app data folder's queue.json).
    explicit MainWindow(QWidget* parent = nullptr, const QString& queueFile = QString());
    ~MainWindow() override;

    bool openClip(const QString& path);
    // Errors go to a dialog, or only to lastError() and the status bar when dialogs are off
    // (tests, screenshots).
    void setDialogsEnabled(bool on) { dialogs_ = on; }
    QString lastError() const { return lastError_; }

    ClipSession* session() const { return session_; }
    ViewerWidget* viewer() const { return viewer_; }
    Timeline* timeline() const { return timeline_; }
    EditorPanel* editorPanel() const { return editor_; }
    OverlayPanel* overlayPanel() const { return overlay_; }
    PropagationPanel* propagationPanel() const { return propagation_; }
    PlotsWidget* plots() const { return plots_; }
    QueueDock* queueDock() const { return queue_; }
    const Actions& actions() const { return actions_; }

  protected:
    void closeEvent(QCloseEvent* e) override;
    void dragEnterEvent(QDragEnterEvent* e) override;
    void dropEvent(QDropEvent* e) override;

  private:
    QDockWidget* addDock(QWidget* w, const QString& title, Qt::DockWidgetArea area);
    void showFrame();
    void showError(const QString& message);
    void exportResult();
    void updateRecent(const QString& path);

    ClipSession* session_;
    ViewerWidget* viewer_;
    Timeline* timeline_;
    EditorPanel* editor_;
    OverlayPanel* overlay_;
    PropagationPanel* propagation_;
    PlotsWidget* plots_;
    QueueDock* queue_;
    Actions actions_;
    bool dialogs_ = true;
    QString lastError_;
    // The newest processed picture of each kind, with the frame it belongs to.
    qint64 previewFrame_ = -1, overlayFrame_ = -1;
    QImage preview_, overlayImage_;
    QString previewLabel_, overlayLabel_;
};

}  // namespace restyle::ui
