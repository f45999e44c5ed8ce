#include "farm/SlurmTestCluster.h"

#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <thread>

#include "support/TestSupport.h"

namespace restyle::test {

namespace {

bool onPath(const std::string& tool) {
    return runCommand("command -v " + tool + " >/dev/null 2>&1") == 0;
}

std::string readFile(const std::string& path) {
    std::ifstream in(path);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

// Running, and not a zombie waiting for a parent that is not this process.
bool alive(pid_t pid) {
    if (kill(pid, 0) != 0) return false;
    const std::string stat = readFile("/proc/" + std::to_string(pid) + "/stat");
    const auto paren = stat.rfind(')');
    return paren == std::string::npos || stat.size() < paren + 3 || stat[paren + 2] != 'Z';
}

}  // namespace

std::string SlurmTestCluster::unavailableReason() {
    if (geteuid() != 0) return "not root: a test Slurm cluster needs root (CI runs as root)";
    for (const char* tool : {"munged", "slurmctld", "slurmd", "sbatch", "squeue", "scontrol"})
        if (!onPath(tool))
            return std::string(tool) +
                   " is not installed (packaging/install-deps.sh installs "
                   "slurm-wlm and munge)";
    return "";
}

bool SlurmTestCluster::startDaemon(const std::vector<std::string>& command,
                                   const std::string& pidFile) {
    std::string line;
    for (const auto& part : command)
        line += part + " ";
    if (runCommand(line + ">>" + dir_.path("start.log") + " 2>&1") != 0) return false;
    // The daemons write their pid file once they have forked into the background.
    for (int i = 0; i < 100; ++i) {
        const pid_t pid = pid_t(std::atol(readFile(dir_.path(pidFile)).c_str()));
        if (pid > 0) {
            pids_.push_back(pid);
            return true;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return false;
}

SlurmTestCluster::SlurmTestCluster() {
    const std::string d = dir_.path();
    chmod(d.c_str(), 0700);
    mkdir(dir_.path("state").c_str(), 0700);
    mkdir(dir_.path("spool").c_str(), 0700);
    // Ports of this test run only, so parallel runs and a real Slurm on the host do not meet.
    const int port = 20000 + int(getpid() % 20000) * 2;
    const long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    std::ofstream(dir_.path("slurm.conf"))
        << "ClusterName=restyletest\nSlurmctldHost=localhost\nSlurmUser=root\nSlurmdUser=root\n"
        << "SlurmctldPort=" << port << "\nSlurmdPort=" << port + 1 << "\n"
        << "AuthType=auth/munge\nAuthInfo=socket=" << d << "/munge.sock\nCredType=cred/munge\n"
        << "StateSaveLocation=" << d << "/state\nSlurmdSpoolDir=" << d << "/spool\n"
        << "SlurmctldPidFile=" << d << "/slurmctld.pid\nSlurmdPidFile=" << d << "/slurmd.pid\n"
        << "SlurmctldLogFile=" << d << "/slurmctld.log\nSlurmdLogFile=" << d << "/slurmd.log\n"
        << "ProctrackType=proctrack/linuxproc\nTaskPlugin=task/none\nMpiDefault=none\n"
        << "SchedulerType=sched/builtin\nSelectType=select/cons_tres\n"
        << "SelectTypeParameters=CR_Core\nJobCompType=jobcomp/none\n"
        << "AccountingStorageType=accounting_storage/none\n"
        << "JobAcctGatherType=jobacct_gather/none\nReturnToService=2\nMinJobAge=600\n"
        << "NodeName=localhost NodeAddr=127.0.0.1 CPUs=" << cpus << " State=UNKNOWN\n"
        << "PartitionName=test Nodes=ALL Default=YES MaxTime=INFINITE State=UP\n";
    runCommand("dd if=/dev/urandom of=" + d + "/munge.key bs=1024 count=1 2>/dev/null");
    chmod(dir_.path("munge.key").c_str(), 0400);
    const std::string conf = "-f " + d + "/slurm.conf";
    if (!startDaemon({"munged", "--force", "--key-file=" + d + "/munge.key",
                      "--socket=" + d + "/munge.sock", "--pid-file=" + d + "/munged.pid",
                      "--log-file=" + d + "/munged.log", "--seed-file=" + d + "/munge.seed"},
                     "munged.pid") ||
        !startDaemon({"slurmctld", conf}, "slurmctld.pid") ||
        !startDaemon({"slurmd", conf, "-N", "localhost"}, "slurmd.pid"))
        return;
    // Ready when the node is idle in the partition.
    for (int i = 0; i < 300 && !ready_; ++i) {
        std::string out;
        runCommand("SLURM_CONF=" + this->conf() + " sinfo --noheader --format=%t 2>/dev/null",
                   &out);
        ready_ = out.rfind("idle", 0) == 0;
        if (!ready_) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
}

SlurmTestCluster::~SlurmTestCluster() {
    // The last started first: slurmd, slurmctld, then munged.
    for (auto it = pids_.rbegin(); it != pids_.rend(); ++it) {
        kill(*it, SIGTERM);
        for (int i = 0; i < 100 && alive(*it); ++i)
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        if (alive(*it)) kill(*it, SIGKILL);
    }
}

std::string SlurmTestCluster::log() const {
    std::string text;
    for (const char* f : {"start.log", "munged.log", "slurmctld.log", "slurmd.log"})
        text += std::string("--- ") + f + "\n" + readFile(dir_.path(f));
    return text;
}

}  // namespace restyle::test
