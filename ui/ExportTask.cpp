#include "ui/ExportTask.h"

#include "ui/ExportDialog.h"
#include "ui/JobScheduler.h"

namespace restyle::ui {

ExportTask::ExportTask(QObject* parent) : QObject(parent) {}

ExportTask::~ExportTask() {
    cancel();
    wait();
}

bool ExportTask::start(const QString& result, const QString& output,
                       const TranscodeOptions& options) {
    if (running()) return false;
    stop_ = std::stop_source();
    const std::stop_token token = stop_.get_token();
    const auto started = JobScheduler::instance().start([this, result, output, options, token] {
        int last = -1;
        const QString error = ExportDialog::exportVideo(
            result, output, options,
            [this, &last](const Progress& p) {
                const int percent = int(p.percent());
                if (percent != last) Q_EMIT progress(last = percent);
            },
            token);
        Q_EMIT finished(error, output);
    });
    if (!started) return false;
    future_ = *started;
    return true;
}

}  // namespace restyle::ui
