#pragma once
// The batch queue dock: add clips (Add…, File > Add to queue…, or drop clips and folders)
// to queue them with the current recipe; each row shows the job's state (queued, running
// with %, done, failed with its error, canceled). Reorder by dragging, remove, retry.
// Each job runs as a child process, `restyle-cli run JOB.json --progress` (as Shotcut's job
// queue does), so a crash in a job never takes the application down. The queue is a core
// JobQueue persisted in the app's data folder: a job interrupted by quitting (or a crash)
// is queued again and resumes on the next start. The queue waits while the artist's own
// propagation or export runs (JobScheduler): it starts no job, and pauses a running one.
#include <QListWidget>
#include <QProcess>
#include <QWidget>
#include <functional>
#include <memory>

#include "jobs/JobQueue.h"

class QLabel;
class QMimeData;
class QPushButton;

namespace restyle::ui {

class QueueDock : public QWidget {
    Q_OBJECT
  public:
    // `makeJob(clip)` builds a job for a clip with the current recipe.
    QueueDock(const QString& queueFile, std::function<Job(const QString& clip)> makeJob,
              QWidget* parent = nullptr);
    ~QueueDock() override;  // as shutdown()

    JobQueue& queue() { return *queue_; }
    // Queues clips (folders are searched for videos); returns how many were added. Two
    // jobs never write the same output: a clip queued twice gets "-2", "-3"... outputs.
    int addPaths(const QStringList& paths);
    void addFromDialog();  // asks for clips
    // What a drop of `mime` (file URLs) does; returns how many clips were queued.
    int handleDrop(const QMimeData* mime);
    bool running() const { return active_; }
    // Runs the queued jobs one after another; says so when nothing is queued.
    void startRunner();
    void stopRunner();  // the user's stop: the running job ends canceled (Retry queues it)
    // Quitting: the running job is stopped and queued again, and the queue runs again on the
    // next start (a marker beside the queue file says so).
    void shutdown();
    QString message() const;  // what the dock last told the artist
    QStringList loadWarnings() const { return warnings_; }
    static QString defaultQueueFile();
    static QString cliProgram();  // restyle-cli next to this program, or on PATH
    QListWidget* list() const { return list_; }

  Q_SIGNALS:
    void progressChanged(int percent);  // -1: nothing running

  protected:
    void dragEnterEvent(QDragEnterEvent* e) override;
    void dropEvent(QDropEvent* e) override;

  private:
    void refresh();
    void afterReorder();
    void say(const QString& text);
    void runNextJob();
    void readProgress();
    void childEnded(int code, QProcess::ExitStatus status);
    void pauseChild(bool pause);
    void endChild(JobState state);
    QString uniqueOutput(const QString& wanted) const;
    void setActive(bool active);  // the button and the resume marker follow
    QString resumeMarker() const;
    void resumeIfInterrupted();

    std::unique_ptr<JobQueue> queue_;
    QStringList warnings_;
    std::function<Job(const QString&)> makeJob_;
    QListWidget* list_;
    QPushButton* runButton_;
    QLabel* message_;
    QProcess* child_ = nullptr;
    std::string childId_;
    QString childErrors_;
    bool active_ = false;
    bool paused_ = false;
    QLabel* warningLabel_;  // load warnings and why the queue cannot be saved
    bool refreshing_ = false;
};

}  // namespace restyle::ui
