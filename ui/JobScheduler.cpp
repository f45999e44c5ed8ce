#include "ui/JobScheduler.h"

#include <QtConcurrent/QtConcurrent>

namespace restyle::ui {

JobScheduler& JobScheduler::instance() {
    static JobScheduler* scheduler = new JobScheduler();  // lives as long as the process
    return *scheduler;
}

JobScheduler::JobScheduler() {
    pool_.setMaxThreadCount(1);
    pool_.setExpiryTimeout(-1);
}

std::optional<QFuture<void>> JobScheduler::start(std::function<void()> work) {
    if (busy()) return std::nullopt;
    future_ = QtConcurrent::run(&pool_, [work = std::move(work)] { work(); });
    auto* watcher = new QFutureWatcher<void>(this);
    connect(watcher, &QFutureWatcher<void>::finished, this, [this, watcher] {
        watcher->deleteLater();
        Q_EMIT busyChanged(busy());
    });
    watcher->setFuture(future_);
    Q_EMIT busyChanged(true);
    return future_;
}

}  // namespace restyle::ui
