#pragma once
// A real one-node Slurm cluster for the farm tests: munged, slurmctld and slurmd with a key
// and a configuration written in a temporary folder, on ports of their own. Needs root (as
// CI runs) and Debian's slurm-wlm and munge; stops the daemons it started, by pid.
#include <sys/types.h>
#include <string>
#include <vector>

#include "common/TempDir.h"

namespace restyle::test {

class SlurmTestCluster {
  public:
    // Why the cluster cannot run here ("" when it can).
    static std::string unavailableReason();

    SlurmTestCluster();   // starts the daemons; check ready() and log() when it failed
    ~SlurmTestCluster();  // stops them (SIGTERM, then SIGKILL) and waits
    SlurmTestCluster(const SlurmTestCluster&) = delete;
    SlurmTestCluster& operator=(const SlurmTestCluster&) = delete;

    bool ready() const { return ready_; }
    std::string conf() const { return dir_.path("slurm.conf"); }  // for SLURM_CONF
    std::string log() const;  // the daemons' logs, for failure messages
    std::string path(const std::string& name) const { return dir_.path(name); }

  private:
    bool startDaemon(const std::vector<std::string>& command, const std::string& pidFile);
    TempDir dir_{"restyle-slurm"};
    std::vector<pid_t> pids_;
    bool ready_ = false;
};

}  // namespace restyle::test
