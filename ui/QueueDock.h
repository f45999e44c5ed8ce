#pragma once
// The batch queue dock: drop clips or folders to queue them with the current recipe; each
// row shows the job's state (queued, running with %, done, failed with its error, canceled).
// Reorder by dragging, remove, retry. Jobs run one at a time on a background thread while
// the artist keeps working; the queue is a core JobQueue persisted in the app's data folder,
// so it survives a restart or a crash.
#include <QListWidget>
#include <QTimer>
#include <QWidget>
#include <functional>
#include <memory>
#include <stop_token>
#include <thread>

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
    ~QueueDock() override;  // stops the runner

    JobQueue& queue() { return queue_; }
    // Queues clips (folders are searched for videos); returns how many were added.
    int addPaths(const QStringList& paths);
    // What a drop of `mime` (file URLs) does; returns how many clips were queued.
    int handleDrop(const QMimeData* mime);
    bool running() const { return runnerActive_; }
    void startRunner();
    void stopRunner();  // cancels the running job and waits for the thread
    static QString defaultQueueFile();
    QListWidget* list() const { return list_; }

  protected:
    void dragEnterEvent(QDragEnterEvent* e) override;
    void dropEvent(QDropEvent* e) override;

  private:
    void refresh();
    void afterReorder();

    JobQueue queue_;
    std::function<Job(const QString&)> makeJob_;
    QListWidget* list_;
    QPushButton* runButton_;
    QLabel* warnings_;
    QTimer poll_;
    std::thread runner_;
    std::stop_source stop_;
    std::atomic<bool> runnerActive_{false};
    bool refreshing_ = false;
};

}  // namespace restyle::ui
