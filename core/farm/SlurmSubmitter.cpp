#include "farm/SlurmSubmitter.h"

#include <filesystem>
#include <algorithm>
#include <cstdio>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "common/Error.h"
#include "common/FileUtil.h"
#include "farm/ChildProcess.h"

namespace fs = std::filesystem;

namespace restyle {

namespace {

std::string shellQuote(const std::string& s) {
    std::string q = "'";
    for (char c : s)
        q += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return q + "'";
}

std::string readTextFile(const fs::path& path) {
    std::ifstream in(path);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

std::string trim(const std::string& s) {
    const auto b = s.find_first_not_of(" \t\r\n");
    const auto e = s.find_last_not_of(" \t\r\n");
    return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

// A script that runs one command line; made executable.
std::string writeScript(const fs::path& path, const std::string& body) {
    writeFileAtomically(path, "#!/bin/sh\n" + body + "\n");
    fs::permissions(path, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec,
                    fs::perm_options::replace);
    return path.string();
}

// Runs sbatch --parsable with `options` and then `script` (its arguments after it); the job
// id it prints ("123" or "123;cluster").
std::string sbatch(std::vector<std::string> options, const std::vector<std::string>& script,
                   const SlurmOptions& o) {
    std::vector<std::string> args{"sbatch", "--parsable"};
    if (!o.partition.empty()) args.push_back("--partition=" + o.partition);
    args.insert(args.end(), options.begin(), options.end());
    args.insert(args.end(), o.sbatchArgs.begin(), o.sbatchArgs.end());
    args.insert(args.end(), script.begin(), script.end());
    const ProcessResult r = runProcess(args);
    const std::string id = trim(r.out.substr(0, r.out.find(';')));
    if (r.status != 0 || id.empty())
        throw Error("sbatch refused the job (exit " + std::to_string(r.status) +
                    "): " + trim(r.err.empty() ? r.out : r.err));
    return id;
}

std::string arrayList(const std::vector<size_t>& indices) {
    std::string list;
    for (size_t i : indices)
        list += (list.empty() ? "" : ",") + std::to_string(i);
    return list;
}

// A submission of the same plan still queued or running would run the same segments twice.
void refuseWhileInFlight(const fs::path& record) {
    if (!fs::exists(record)) return;
    std::string joinId;
    try {
        joinId = nlohmann::json::parse(readTextFile(record)).value("join", "");
    } catch (const std::exception&) {
        return;  // an unreadable record: nothing known to be in flight
    }
    if (joinId.empty()) return;
    const std::string state = slurmJobState(joinId);
    if (state == "PENDING" || state == "RUNNING" || state == "CONFIGURING" || state == "REQUEUED" ||
        state == "SUSPENDED")
        throw InputError(record.string() + ": this plan's join job " + joinId + " is " + state +
                         "; wait for it or cancel it (scancel) before submitting again");
}

}  // namespace

SlurmSubmission submitToSlurm(const Plan& plan, const SlurmOptions& o) {
    if (o.cli.empty()) throw Error("no restyle-cli path for the Slurm tasks");
    const JoinSpec& join = plan.join;
    const fs::path dir = fs::path(plan.joinPath).parent_path();
    const std::string stem = fs::path(join.output).stem().string();
    const fs::path record = dir / (stem + ".slurm.json");
    refuseWhileInFlight(record);
    SlurmSubmission sub;
    sub.segments = missingSegments(join);

    // A segment continuing one that still has to run (a diffusion job split after a batch)
    // is a job of its own that waits for it: a Slurm array's tasks cannot wait for one
    // another. It waits for any end (afterany), so that a failed predecessor makes it fail
    // at once, naming the missing carry, rather than leaving it pending for ever.
    std::vector<size_t> arrayed, chained;
    for (size_t i : sub.segments) {
        const int after = join.segments[i].after;
        const bool waits = after >= 0 && std::count(sub.segments.begin(), sub.segments.end(),
                                                    size_t(after));
        (waits ? chained : arrayed).push_back(i);
    }
    // Task or job N runs NAME.segNNN.json (N: the array index, or the script's argument); its
    // log is NAME.segNNN.log.
    const std::string script =
        sub.segments.empty()
            ? std::string()
            : writeScript(dir / (stem + ".segments.sh"),
                          "i=$(printf %03d \"${1:-$SLURM_ARRAY_TASK_ID}\")\nexec " +
                              shellQuote(o.cli) + " run " +
                              shellQuote((dir / stem).string() + ".seg") + "\"$i\"" +
                              shellQuote(".json"));
    std::map<size_t, std::string> ids;  // each segment's Slurm id: "JOB_TASK" or "JOB"
    std::string waitFor;                // the join's afterany list
    if (!arrayed.empty()) {
        std::vector<std::string> args{"--job-name=restyle-seg:" + stem,
                                      "--array=" + arrayList(arrayed),
                                      "--output=" + (dir / (stem + ".seg%3a.log")).string()};
        if (!o.gres.empty()) args.push_back("--gres=" + o.gres);
        sub.arrayJobId = sbatch(args, {script}, o);
        for (size_t i : arrayed)
            ids[i] = sub.arrayJobId + "_" + std::to_string(i);
        waitFor = sub.arrayJobId;
    }
    for (size_t i : chained) {  // in order: the segment it waits for has its id
        char index[16];
        std::snprintf(index, sizeof index, "%03zu", i);
        std::vector<std::string> args{
            "--job-name=restyle-seg:" + stem,
            "--output=" + (dir / (stem + ".seg" + index + ".log")).string(),
            "--dependency=afterany:" + ids.at(size_t(join.segments[i].after))};
        if (!o.gres.empty()) args.push_back("--gres=" + o.gres);
        ids[i] = sbatch(args, {script, index}, o);
        sub.chainedJobIds.push_back(ids[i]);
        waitFor += (waitFor.empty() ? "" : ":") + ids[i];
    }
    const std::string joinScript =
        writeScript(dir / (stem + ".join.sh"),
                    "exec " + shellQuote(o.cli) + " join " + shellQuote(plan.joinPath));
    std::vector<std::string> args{"--job-name=restyle-join:" + stem,
                                  "--output=" + (dir / (stem + ".join.log")).string()};
    if (!waitFor.empty()) args.push_back("--dependency=afterany:" + waitFor);
    sub.joinJobId = sbatch(args, {joinScript}, o);
    writeFileAtomically(
        record, nlohmann::json{{"array", sub.arrayJobId}, {"join", sub.joinJobId}}.dump() + "\n");
    return sub;
}

std::string slurmJobState(const std::string& jobId) {
    auto firstLine = [](const std::string& text) {
        std::istringstream in(text);
        std::string line;
        std::getline(in, line);
        return trim(line);
    };
    ProcessResult r = runProcess({"squeue", "--noheader", "--jobs=" + jobId, "--format=%T"});
    if (r.status == 0 && !firstLine(r.out).empty()) return firstLine(r.out);
    r = runProcess({"sacct", "--noheader", "--allocations", "--parsable2", "--jobs=" + jobId,
                    "--format=State"});
    if (r.status == 0 && !firstLine(r.out).empty()) return firstLine(r.out);
    r = runProcess({"scontrol", "--oneliner", "show", "job", jobId});
    const auto at = r.out.find("JobState=");
    if (r.status == 0 && at != std::string::npos) {
        const std::string rest = r.out.substr(at + 9);
        return rest.substr(0, rest.find_first_of(" \n"));
    }
    return "UNKNOWN";
}

}  // namespace restyle
