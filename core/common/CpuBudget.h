#pragma once
// How many threads a compute library should use in this process. All cores by default, but
// an operator's limit wins: OMP_NUM_THREADS (a render-farm scheduler or a test runner that
// runs several processes side by side sets it), then the CPUs this process may run on
// (taskset, Slurm's cpuset). OpenMP pools sized past the CPUs a process really gets spend
// most of their time waiting at barriers for descheduled threads.
namespace restyle {

int cpuBudget();

// cpuBudget() less one, at least one: for work beside another thread that keeps a core busy
// (a propagation's flow stage runs beside its engine). A pool that counts that core waits at
// every barrier for a thread the other one has descheduled: the style network's fill on
// vtest.avi spent 560 ns a pixel on 2 threads, 420 on 1.
int cpuBudgetBesideABusyThread();

}  // namespace restyle
