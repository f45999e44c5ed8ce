#include "jobs/JobQueue.h"

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "common/Error.h"
#include "common/FileUtil.h"

using nlohmann::json;

namespace restyle {

std::string jobStateName(JobState s) {
    switch (s) {
        case JobState::Queued:
            return "queued";
        case JobState::Running:
            return "running";
        case JobState::Done:
            return "done";
        case JobState::Failed:
            return "failed";
        default:
            return "canceled";
    }
}

static JobState parseState(const std::string& s) {
    if (s == "running") return JobState::Running;
    if (s == "done") return JobState::Done;
    if (s == "failed") return JobState::Failed;
    if (s == "canceled") return JobState::Canceled;
    return JobState::Queued;
}

JobQueue::JobQueue(std::string file) : file_(std::move(file)) {
    std::error_code ec;
    if (!std::filesystem::exists(file_, ec)) return;
    std::ifstream in(file_);
    json j;
    try {
        j = json::parse(in);
    } catch (const json::exception& e) {
        throw InputError(file_ + ": the queue file is not valid JSON (" + std::string(e.what()) +
                         ")");
    }
    nextId_ = j.value("next_id", uint64_t(1));
    for (const auto& e : j.value("jobs", json::array())) {
        QueueEntry q;
        q.id = e.value("id", std::to_string(nextId_++));
        q.job = Job::fromJson(e.at("job"), file_);
        q.state = parseState(e.value("state", "queued"));
        q.error = e.value("error", "");
        // A job running when the program stopped (closed, crashed) starts again.
        if (q.state == JobState::Running) q.state = JobState::Queued;
        entries_.push_back(q);
    }
}

void JobQueue::saveLocked() const {
    json j;
    j["version"] = 1;
    j["next_id"] = nextId_;
    j["jobs"] = json::array();
    for (const auto& e : entries_)
        j["jobs"].push_back({{"id", e.id},
                             {"state", jobStateName(e.state)},
                             {"error", e.error},
                             {"job", e.job.toJson()}});
    writeFileAtomically(file_, j.dump(2) + "\n");
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
