#include "jobs/JobRunner.h"

#include "common/Error.h"

namespace restyle {

JobResult runJob(const Job& job, const ProgressCallback& progress, std::stop_token stop,
                 const FrameCallback& onFrame) {
    JobResult r;
    try {
        r.result =
            propagate(job.input, job.output, job.keyframes, job.settings, progress, stop, onFrame);
        r.outcome = JobOutcome::Done;
    } catch (const CanceledError&) {
        r.outcome = JobOutcome::Canceled;
    } catch (const InputError& e) {
        r.error = e.what();
        r.badInput = true;
    } catch (const std::exception& e) {
        r.error = job.input + ": " + e.what();
    }
    return r;
}

}  // namespace restyle
