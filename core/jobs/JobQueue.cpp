#include "jobs/JobQueue.h"

#include <algorithm>
#include <filesystem>

#include "common/Error.h"
#include "common/FileUtil.h"

using nlohmann::json;

namespace restyle {

JobQueue::JobQueue(std::string file) : file_(std::move(file)) {
    LoadedQueue loaded = loadQueueFile(file_);
    entries_ = std::move(loaded.entries);
    nextId_ = loaded.nextId;
    loadWarnings_ = std::move(loaded.warnings);
}

std::vector<std::string> JobQueue::warnings() const {
    std::lock_guard lock(mutex_);
    auto out = loadWarnings_;
    if (!saveError_.empty()) out.push_back(saveError_);
    return out;
}

void JobQueue::saveLocked() {
    try {
        writeFileAtomically(file_, queueToJson(entries_, nextId_).dump(2) + "\n");
        saveError_.clear();
    } catch (const std::exception& e) {
        saveError_ = std::string("the queue could not be saved: ") + e.what();
    }
}

std::string JobQueue::add(const Job& job) {
    std::lock_guard lock(mutex_);
    QueueEntry e;
    e.id = std::to_string(nextId_++);
    e.job = job;
    entries_.push_back(e);
    saveLocked();
    return e.id;
}

void JobQueue::remove(const std::string& id) {
    std::lock_guard lock(mutex_);
    auto it = std::find_if(entries_.begin(), entries_.end(), [&](auto& e) { return e.id == id; });
    if (it == entries_.end()) return;
    if (it->state == JobState::Running)
        throw InputError("job " + id + " is running: cancel it first");
    entries_.erase(it);
    saveLocked();
}

void JobQueue::move(const std::string& id, size_t newIndex) {
    std::lock_guard lock(mutex_);
    auto it = std::find_if(entries_.begin(), entries_.end(), [&](auto& e) { return e.id == id; });
    if (it == entries_.end()) return;
    QueueEntry e = *it;
    entries_.erase(it);
    entries_.insert(entries_.begin() + long(std::min(newIndex, entries_.size())), e);
    saveLocked();
}

void JobQueue::retry(const std::string& id) {
    std::lock_guard lock(mutex_);
    for (auto& e : entries_)
        if (e.id == id && (e.state == JobState::Failed || e.state == JobState::Canceled)) {
            e.state = JobState::Queued;
            e.error.clear();
            e.percent = 0;
        }
    saveLocked();
}

std::vector<QueueEntry> JobQueue::entries() const {
    std::lock_guard lock(mutex_);
    return entries_;
}

std::optional<QueueEntry> JobQueue::entry(const std::string& id) const {
    std::lock_guard lock(mutex_);
    for (const auto& e : entries_)
        if (e.id == id) return e;
    return std::nullopt;
}

bool JobQueue::runNext(const ProgressCallback& progress, std::stop_token stop,
                       const FrameCallback& onFrame) {
    std::string id;
    Job job;
    {
        std::lock_guard lock(mutex_);
        auto it = std::find_if(entries_.begin(), entries_.end(),
                               [](auto& e) { return e.state == JobState::Queued; });
        if (it == entries_.end()) return false;
        it->state = JobState::Running;
        it->percent = 0;
        id = it->id;
        job = it->job;
        saveLocked();
    }
    auto update = [&](const Progress& p) {
        {
            std::lock_guard lock(mutex_);
            for (auto& e : entries_)
                if (e.id == id) e.percent = p.percent();
        }
        if (progress) progress(p);
    };
    const JobResult r = runJob(job, update, stop, onFrame);
    std::lock_guard lock(mutex_);
    for (auto& e : entries_)
        if (e.id == id) {
            e.state = r.outcome == JobOutcome::Done       ? JobState::Done
                      : r.outcome == JobOutcome::Canceled ? JobState::Canceled
                                                          : JobState::Failed;
            e.error = r.error;
            e.percent = r.outcome == JobOutcome::Done ? 100.0 : e.percent;
        }
    saveLocked();
    return true;
}

std::optional<QueueEntry> JobQueue::takeNext() {
    std::lock_guard lock(mutex_);
    for (auto& e : entries_)
        if (e.state == JobState::Queued) {
            e.state = JobState::Running;
            e.percent = 0;
            saveLocked();
            return e;
        }
    return std::nullopt;
}

void JobQueue::setPercent(const std::string& id, double percent) {
    std::lock_guard lock(mutex_);
    for (auto& e : entries_)
        if (e.id == id) e.percent = percent;
}

void JobQueue::finish(const std::string& id, JobState state, const std::string& error) {
    std::lock_guard lock(mutex_);
    for (auto& e : entries_)
        if (e.id == id) {
            e.state = state;
            e.error = error;
            e.percent = state == JobState::Done ? 100.0 : 0.0;
        }
    saveLocked();
}

}  // namespace restyle
