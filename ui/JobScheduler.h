#pragma once
// The one place heavy work runs: the interactive propagation and the export each run here,
// one at a time, on a single worker thread (a QThreadPool of one, the same mechanism as the
// light previews use). The batch queue asks before it starts a job and pauses a running one
// while the artist's own run is busy: on a 2-core machine two heavy jobs at once would
// each run at half speed and the interactive one is the one the artist is waiting for.
#include <QFuture>
#include <QObject>
#include <QThreadPool>
#include <functional>
#include <optional>

namespace restyle::ui {

class JobScheduler : public QObject {
    Q_OBJECT
  public:
    static JobScheduler& instance();

    // Runs `work` on the heavy worker; nothing (nothing started) when a heavy job is running.
    std::optional<QFuture<void>> start(std::function<void()> work);
    bool busy() const { return !future_.isFinished(); }
    void waitForIdle() { future_.waitForFinished(); }

  Q_SIGNALS:
    void busyChanged(bool busy);

  private:
    JobScheduler();
    QThreadPool pool_;
    QFuture<void> future_;
};

}  // namespace restyle::ui
