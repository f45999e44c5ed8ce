#pragma once
// Runs a core job on the heavy worker (JobScheduler) and reports back through queued
// signals; cancel sets the stop token directly (never through the event loop), so it takes
// effect within a frame.
#include <QFuture>
#include <QImage>
#include <QObject>
#include <functional>
#include <stop_token>

#include "common/Progress.h"
#include "jobs/Job.h"

namespace restyle::ui {

class PropagationWorker : public QObject {
    Q_OBJECT
  public:
    explicit PropagationWorker(QObject* parent = nullptr);
    ~PropagationWorker() override;  // cancels and waits

    bool running() const;
    // False when another heavy job (an export) is running: nothing started.
    bool start(const Job& job);
    // "Try the learned style": frame `frame` of the job's clip drawn by the style network the
    // job's run learns (training first unless cached): styleTried, then tryFinished.
    bool startTryStyle(const Job& job, qint64 frame);
    void cancel();
    void wait();  // until the thread has ended (after cancel, within about a frame)

  Q_SIGNALS:
    void frameDone(qint64 index, const QImage& image, double warpError, double reliable, double ms);
    // `phase`: empty while frames are made, "training" while the fewshot engine learns.
    void progress(qint64 done, qint64 total, double fps, double secondsLeft, const QString& phase);
    void trainingLoss(qint64 step, double loss);  // the style network's, as it learns
    void finished(bool ok, bool canceled, const QString& error, const QString& output);
    // `note`: how the network came about (learnt now, for how long, or reused).
    void styleTried(qint64 frame, const QImage& image, const QString& note);
    void tryFinished(bool ok, bool canceled, const QString& error);

  private:
    // Runs `task` (given the stop token) on the heavy worker; false when another heavy job is
    // running.
    bool launch(std::function<void(std::stop_token)> task);
    void reportProgress(const Progress& p);

    QFuture<void> future_;
    std::stop_source stop_;
};

}  // namespace restyle::ui
