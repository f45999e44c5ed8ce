#include "ui/PropagationWorker.h"

#include "jobs/JobRunner.h"
#include "ui/ImageConvert.h"

namespace restyle::ui {

PropagationWorker::PropagationWorker(QObject* parent) : QObject(parent) {}

PropagationWorker::~PropagationWorker() {
    cancel();
    wait();
}

bool PropagationWorker::running() const {
    return thread_ && thread_->isRunning();
}

void PropagationWorker::start(const Job& job) {
    if (running()) return;
    wait();
    stop_ = std::stop_source();
    const std::stop_token token = stop_.get_token();
    thread_ = QThread::create([this, job, token] {
        auto onProgress = [this](const Progress& p) {
            Q_EMIT progress(p.done, p.total, p.fps, p.secondsLeft);
        };
        auto onFrame = [this](int64_t i, const cv::Mat& out, const FrameMetrics& m) {
            Q_EMIT frameDone(i, toQImage(out), m.warpError, m.reliableShare, m.ms);
        };
        const JobResult r = runJob(job, onProgress, token, onFrame);
        Q_EMIT finished(r.outcome == JobOutcome::Done, r.outcome == JobOutcome::Canceled,
                        QString::fromStdString(r.error), QString::fromStdString(job.output));
    });
    thread_->start();
}

void PropagationWorker::cancel() {
    stop_.request_stop();
}

void PropagationWorker::wait() {
    if (!thread_) return;
    thread_->wait();
    delete thread_;
    thread_ = nullptr;
}

}  // namespace restyle::ui
