// Fuzz target: a job file's text through bounded parsing and the job schema.
#include "FuzzSupport.h"
#include "common/Error.h"
#include "common/JsonFile.h"
#include "jobs/Job.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    try {
        const auto j = restyle::parseJsonText(restyle::fuzz::text(data, size), "fuzz.json");
        const restyle::Job job = restyle::Job::fromJson(j, "fuzz.json", "/base");
        restyle::Job::fromJson(job.toJson());  // what a valid job writes reads back
    } catch (const restyle::InputError&) {
    }
    return 0;
}
