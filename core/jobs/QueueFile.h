#pragma once
// The batch queue's file: reading it never fails. What is valid is loaded; an entry that
// is not (a bad job, a wrong type, a duplicate id) is set aside with a warning; a file that
// cannot be read or parsed at all gives an empty queue and a warning. Whenever something
// is set aside, the file as found is first copied to FILE.broken-YYYYmmdd-HHMMSS, so that
// the next save loses nothing the user could still recover.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "jobs/Job.h"

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

struct LoadedQueue {
    std::vector<QueueEntry> entries;
    uint64_t nextId = 1;
    std::vector<std::string> warnings;  // one sentence each, naming the file
};

// The queue in `doc` (what the file held); `where` names the file in warnings.
LoadedQueue parseQueue(const nlohmann::json& doc, const std::string& where);

// Reads `file` (absent: an empty queue); never throws for the file's content.
LoadedQueue loadQueueFile(const std::string& file);

// The document saveQueue writes.
nlohmann::json queueToJson(const std::vector<QueueEntry>& entries, uint64_t nextId);

}  // namespace restyle
