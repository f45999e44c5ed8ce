#include "ui/PropagationWorker.h"

#include "common/Error.h"
#include "jobs/JobRunner.h"
#include "propagate/LearnedStyle.h"
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

bool PropagationWorker::launch(std::function<void(std::stop_token)> task) {
    if (running()) return false;
    stop_ = std::stop_source();
    const std::stop_token token = stop_.get_token();
    const auto started = JobScheduler::instance().start([task, token] { task(token); });
    if (!started) return false;
    future_ = *started;
    return true;
}

// Signals from the worker thread reach this object's thread queued (auto connection).
void PropagationWorker::reportProgress(const Progress& p) {
    Q_EMIT progress(p.done, p.total, p.fps, p.secondsLeft, QString::fromStdString(p.phase));
    if (p.loss >= 0 && p.step >= 0) Q_EMIT trainingLoss(p.step, p.loss);
}

bool PropagationWorker::start(const Job& job) {
    return launch([this, job](std::stop_token token) {
        auto onFrame = [this](int64_t i, const cv::Mat& out, const FrameMetrics& m) {
            Q_EMIT frameDone(i, toQImage(out), m.warpError, m.reliableShare, m.ms);
        };
        JobResult r;
        try {
            r = runJob(job, [this](const Progress& p) { reportProgress(p); }, token, onFrame);
        } catch (const std::exception& e) {
            r.outcome = JobOutcome::Failed;
            r.error = e.what();
        }
        Q_EMIT finished(r.outcome == JobOutcome::Done, r.outcome == JobOutcome::Canceled,
                        QString::fromStdString(r.error), QString::fromStdString(job.output));
    });
}

bool PropagationWorker::startTryStyle(const Job& job, qint64 frame) {
    return launch([this, job, frame](std::stop_token token) {
        try {
            const TriedStyle tried =
                tryLearnedStyle(job.input, job.keyframes, job.settings, frame,
                                [this](const Progress& p) { reportProgress(p); }, token);
            QString note = tried.fromCache
                               ? tr("The network learnt earlier from these keyframes was reused.")
                               : tr("Learnt in %1 steps (%2 s).")
                                     .arg(tried.steps)
                                     .arg(tried.seconds, 0, 'f', 0);
            // A few seconds of training on a CPU give a soft copy of the frame, not the look.
            if (!tried.fromCache && tried.seconds < 20)
                note += tr(" Short training draws a soft look: 30-60 s per keyframe draw it "
                           "clearly.");
            Q_EMIT styleTried(frame, toQImage(tried.image), note);
            Q_EMIT tryFinished(true, false, QString());
        } catch (const CanceledError&) {
            Q_EMIT tryFinished(false, true, QString());
        } catch (const std::exception& e) {
            Q_EMIT tryFinished(false, false, QString::fromStdString(e.what()));
        }
    });
}

void PropagationWorker::cancel() {
    stop_.request_stop();
}

void PropagationWorker::wait() {
    future_.waitForFinished();
}

}  // namespace restyle::ui
