#pragma once
// The batch queue: ordered jobs with their states and errors, persisted to a JSON file
// (temp file + rename) after every change. On load, a job that was running when the
// program stopped is queued again; done jobs stay done. One job runs at a time. Safe to use
// from the GUI thread while a worker thread runs jobs.
#include <mutex>
#include <optional>
#include <stop_token>
#include <string>
#include <vector>

#include "jobs/JobRunner.h"

namespace restyle {

enum class JobState { Queued, Running, Done, Failed, Canceled };
std::string jobStateName(JobState s);  // queued, running, done, failed, canceled

struct QueueEntry {
    std::string id;
    Job job;
    JobState state = JobState::Queued;
    std::string error;
    double percent = 0.0;  // while running (not persisted)
};

class JobQueue {
  public:
    // Loads `file` if it exists; InputError naming it when it is unreadable.
    explicit JobQueue(std::string file);

    std::string add(const Job& job);  // returns the new entry's id
    void remove(const std::string& id);
    void move(const std::string& id, size_t newIndex);
    void retry(const std::string& id);  // a failed or canceled job is queued again
    std::vector<QueueEntry> entries() const;
    std::optional<QueueEntry> entry(const std::string& id) const;

    // Runs the first queued job to its end (done, failed or canceled); false when none is
    // queued. `progress` also updates the entry's percent.
    bool runNext(const ProgressCallback& progress, std::stop_token stop,
                 const FrameCallback& onFrame = {});

    // For a runner outside this process (the GUI runs jobs as `restyle-cli run` children):
    // takes the first queued job and marks it running; then report its percent and its end.
    // finish() with Queued puts an interrupted job back, to resume on the next start.
    std::optional<QueueEntry> takeNext();
    void setPercent(const std::string& id, double percent);
    void finish(const std::string& id, JobState state, const std::string& error = {});

    const std::string& file() const { return file_; }

  private:
    void saveLocked() const;
    std::string file_;
    mutable std::mutex mutex_;
    std::vector<QueueEntry> entries_;
    uint64_t nextId_ = 1;
};

}  // namespace restyle
