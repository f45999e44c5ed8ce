#pragma once
// The export (transcode of the propagated result) on the heavy worker (JobScheduler), with
// progress and cancel; the GUI thread never waits on it.
#include <QFuture>
#include <QObject>
#include <stop_token>

#include "media/Transcode.h"

namespace restyle::ui {

class ExportTask : public QObject {
    Q_OBJECT
  public:
    explicit ExportTask(QObject* parent = nullptr);
    ~ExportTask() override;  // cancels and waits

    // False (nothing started) when another heavy job runs.
    bool start(const QString& result, const QString& output, const TranscodeOptions& options);
    void cancel() { stop_.request_stop(); }
    bool running() const { return !future_.isFinished(); }
    void wait() { future_.waitForFinished(); }

  Q_SIGNALS:
    void progress(int percent);
    // `error` is empty on success.
    void finished(const QString& error, const QString& output);

  private:
    QFuture<void> future_;
    std::stop_source stop_;
};

}  // namespace restyle::ui
