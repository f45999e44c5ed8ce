#include "farm/SlurmSubmitter.h"

#include <filesystem>
#include <fstream>
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

// Runs sbatch --parsable with `args`; the job id it prints ("123" or "123;cluster").
std::string sbatch(std::vector<std::string> args, const SlurmOptions& o) {
    args.insert(args.begin(), {"sbatch", "--parsable"});
    if (!o.partition.empty()) args.insert(args.end() - 1, "--partition=" + o.partition);
    args.insert(args.end() - 1, o.sbatchArgs.begin(), o.sbatchArgs.end());
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

    std::vector<std::string> dependency;
    if (!sub.segments.empty()) {
        // Task N runs NAME.segNNN.json; its log is NAME.segNNN.log (%3a: the padded index).
        const std::string script = writeScript(
            dir / (stem + ".segments.sh"),
            "i=$(printf %03d \"$SLURM_ARRAY_TASK_ID\")\nexec " + shellQuote(o.cli) + " run " +
                shellQuote((dir / stem).string() + ".seg") + "\"$i\"" + shellQuote(".json"));
        std::vector<std::string> args{"--job-name=restyle-seg:" + stem,
                                      "--array=" + arrayList(sub.segments),
                                      "--output=" + (dir / (stem + ".seg%3a.log")).string()};
        if (!o.gres.empty()) args.push_back("--gres=" + o.gres);
        args.push_back(script);
        sub.arrayJobId = sbatch(args, o);
        dependency.push_back("--dependency=afterany:" + sub.arrayJobId);
    }
    const std::string joinScript =
        writeScript(dir / (stem + ".join.sh"),
                    "exec " + shellQuote(o.cli) + " join " + shellQuote(plan.joinPath));
    std::vector<std::string> args{"--job-name=restyle-join:" + stem,
                                  "--output=" + (dir / (stem + ".join.log")).string()};
    args.insert(args.end(), dependency.begin(), dependency.end());
    args.push_back(joinScript);
    sub.joinJobId = sbatch(args, o);
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
