#include "jobs/QueueFile.h"

#include <sys/stat.h>

#include <ctime>
#include <filesystem>
#include <set>

#include "common/Error.h"
#include "common/JsonFields.h"
#include "common/JsonFile.h"

using nlohmann::json;
namespace fs = std::filesystem;

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

namespace {

JobState parseState(const std::string& s) {
    if (s == "running") return JobState::Running;
    if (s == "done") return JobState::Done;
    if (s == "failed") return JobState::Failed;
    if (s == "canceled") return JobState::Canceled;
    return JobState::Queued;
}

QueueEntry parseEntry(const json& e, const std::string& where, const std::string& at,
                      uint64_t& nextId) {
    const JsonFields f(e, where, at + ".");
    QueueEntry q;
    const json& id = f.raw("id");
    if (id.is_string() && !id.get<std::string>().empty())
        q.id = id.get<std::string>();
    else if (id.is_number_unsigned())  // written by hand or an older tool: keep its number
        q.id = std::to_string(id.get<uint64_t>());
    else if (id.is_null())
        q.id = std::to_string(nextId++);
    else
        f.fail("id", "must be a string");
    if (!f.has("job")) f.fail("job", "is missing");
    q.job = Job::fromJson(f.raw("job"), where + " (" + at + ".job)");
    q.state =
        parseState(f.oneOf("state", "queued", {"queued", "running", "done", "failed", "canceled"}));
    q.error = f.text("error", "");
    // A job running when the program stopped (closed, crashed) starts again.
    if (q.state == JobState::Running) q.state = JobState::Queued;
    return q;
}

std::string timestamp() {
    const std::time_t now = std::time(nullptr);
    std::tm tm{};
    localtime_r(&now, &tm);
    char text[32];
    std::strftime(text, sizeof text, "%Y%m%d-%H%M%S", &tm);
    return text;
}

// Copies the file as found beside it; the warning says where (or why not).
std::string keepBackup(const std::string& file) {
    struct stat st {};
    if (::stat(file.c_str(), &st) != 0 || !S_ISREG(st.st_mode))
        return "it is not a regular file, so no copy was kept";
    const std::string backup = file + ".broken-" + timestamp();
    std::error_code ec;
    fs::copy_file(file, backup, fs::copy_options::skip_existing, ec);
    if (ec) return "a copy could not be kept (" + ec.message() + ")";
    return "the file as found was kept as " + backup;
}

}  // namespace

LoadedQueue parseQueue(const json& doc, const std::string& where) {
    LoadedQueue q;
    const JsonFields f(doc, where);
    q.nextId = uint64_t(f.integer("next_id", 1, 1, int64_t(1) << 53));
    const json& jobs = f.raw("jobs");
    if (!jobs.is_null() && !jobs.is_array()) f.fail("jobs", "must be a list");
    std::set<std::string> ids;
    for (size_t i = 0; i < jobs.size(); ++i) {
        const std::string at = "jobs[" + std::to_string(i) + "]";
        try {
            QueueEntry e = parseEntry(jobs[i], where, at, q.nextId);
            if (!ids.insert(e.id).second)
                throw InputError(where + ": " + at + ".id " + e.id + " is used twice");
            q.entries.push_back(std::move(e));
        } catch (const std::exception& e) {
            q.warnings.push_back(std::string("set aside a queue entry: ") + e.what());
        }
    }
    // New ids must not repeat numeric ones already in the file.
    for (const auto& e : q.entries)
        if (!e.id.empty() && e.id.size() < 16 &&
            e.id.find_first_not_of("0123456789") == std::string::npos)
            q.nextId = std::max<uint64_t>(q.nextId, std::stoull(e.id) + 1);
    return q;
}

LoadedQueue loadQueueFile(const std::string& file) {
    struct stat st {};
    if (::lstat(file.c_str(), &st) != 0 && errno == ENOENT) return {};
    LoadedQueue q;
    try {
        q = parseQueue(readJsonFile(file), file);
    } catch (const std::exception& e) {
        q = {};
        q.warnings.push_back(std::string("the queue could not be read, starting empty: ") +
                             e.what());
    }
    if (!q.warnings.empty()) q.warnings.push_back(file + ": " + keepBackup(file));
    return q;
}

json queueToJson(const std::vector<QueueEntry>& entries, uint64_t nextId) {
    json j;
    j["version"] = 1;
    j["next_id"] = nextId;
    j["jobs"] = json::array();
    for (const auto& e : entries)
        j["jobs"].push_back({{"id", e.id},
                             {"state", jobStateName(e.state)},
                             {"error", e.error},
                             {"job", e.job.toJson()}});
    return j;
}

}  // namespace restyle
