#pragma once
// Projects (`.restyle`, jobs/Project.h): saving and opening the artist's work (the clip,
// keyframes with their editors and parameters or painted images, engine, flow and export
// settings, the last result, and the view: frame, editor, viewer mode), autosave every
// half minute while there are unsaved changes, and recovery of the autosave after a crash.
#include <QObject>
#include <QString>
#include <QTimer>

#include "jobs/Project.h"

namespace restyle::ui {

class MainWindow;

class ProjectController : public QObject {
    Q_OBJECT
  public:
    // `autosaveFile` empty: autosave.restyle in the app data folder.
    explicit ProjectController(MainWindow* window, const QString& autosaveFile = QString());

    Project capture() const;
    // Errors go to `error` (naming the file); false when nothing was opened or saved.
    bool save(const QString& path, QString* error);
    bool open(const QString& path, QString* error);
    bool apply(const Project& project, QString* error);

    QString path() const { return path_; }
    bool dirty() const { return dirty_; }
    void markDirty();
    // The autosave left by a session that did not close normally, or empty.
    QString recoverable() const;
    bool recover(QString* error);  // opens the autosave as an unsaved project
    void writeAutosave();
    void closedCleanly();  // removes the autosave
    QString autosaveFile() const { return autosave_; }

  Q_SIGNALS:
    void stateChanged();  // path or dirty changed (the window title)

  private:
    MainWindow* window_;
    QString path_;
    QString autosave_;
    bool dirty_ = false;
    bool applying_ = false;
    QTimer timer_;
};

}  // namespace restyle::ui
