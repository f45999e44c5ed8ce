#include "ui/PropagationWorker.h"

#include "jobs/JobRunner.h"
#include "ui/ImageConvert.h"
#include "ui/JobScheduler.h"

namespace restyle::ui {

PropagationWorker::PropagationWorker(QObject* parent) : QObject(parent) {}

PropagationWorker::~PropagationWorker() {
    cancel();
    wait();
}

bool PropagationWorker::running() const {
    return !future_.isFinished();
}

bool PropagationWorker::start(const Job& job) {
    if (running()) return false;
    stop_ = std::stop_source();
    const std::stop_token token = stop_.get_token();
    // Signals from the worker thread reach this object's thread queued (auto connection).
    const auto started = JobScheduler::instance().start([this, job, token] {
        auto onProgress = [this](const Progress& p) {
            Q_EMIT progress(p.done, p.total, p.fps, p.secondsLeft, QString::fromStdString(p.phase));
            if (p.loss >= 0 && p.step >= 0) Q_EMIT trainingLoss(p.step, p.loss);
        };
        auto onFrame = [this](int64_t i, const cv::Mat& out, const FrameMetrics& m) {
            Q_EMIT frameDone(i, toQImage(out), m.warpError, m.reliableShare, m.ms);
        };
        JobResult r;
        try {
            r = runJob(job, onProgress, token, onFrame);
        } catch (const std::exception& e) {
            r.outcome = JobOutcome::Failed;
            r.error = e.what();
        }
        Q_EMIT finished(r.outcome == JobOutcome::Done, r.outcome == JobOutcome::Canceled,
                        QString::fromStdString(r.error), QString::fromStdString(job.output));
    });
    if (!started) return false;
    future_ = *started;
    return true;
}

void PropagationWorker::cancel() {
    stop_.request_stop();
}

void PropagationWorker::wait() {
    future_.waitForFinished();
}

}  // namespace restyle::ui
