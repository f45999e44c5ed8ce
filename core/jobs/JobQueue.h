#pragma once
// The batch queue: ordered jobs with their states and errors, persisted to a JSON file
// (AtomicFile) after every change. On load, a job that was running when the
// program stopped is queued again; done jobs stay done. One job runs at a time. Safe to use
// from the GUI thread while a worker thread runs jobs.
#include <mutex>
#include <optional>
#include <stop_token>
#include <string>
#include <vector>

#include "jobs/JobRunner.h"
#include "jobs/QueueFile.h"

namespace restyle {

class JobQueue {
  public:
    // Loads `file` if it exists. Never throws for what the file holds: valid entries are
    // loaded, the rest set aside (see QueueFile.h) and described by warnings().
    explicit JobQueue(std::string file);

    // What loading set aside, and the last save failure; one sentence each.
    std::vector<std::string> warnings() const;

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
    // Never throws: a queue that cannot be saved (full disk, a folder in the way) keeps
    // working in memory and says why in warnings().
    void saveLocked();
    std::string file_;
    mutable std::mutex mutex_;
    std::vector<QueueEntry> entries_;
    uint64_t nextId_ = 1;
    std::vector<std::string> loadWarnings_;
    std::string saveError_;
};

}  // namespace restyle
