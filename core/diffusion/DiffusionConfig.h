#pragma once
// Settings of a diffusion model's noise schedule and sampler, as a model manifest states them
// ("scheduler": {...}). Plain types: the torch side is in detail/.
#include <nlohmann/json.hpp>
#include <string>

namespace restyle {

struct SchedulerConfig {
    std::string name = "ddim";  // ddim, euler-ancestral, dpm-solver++-2m
    int trainSteps = 1000;
    std::string betaSchedule = "scaled_linear";  // scaled_linear (SD 1.5) or linear
    double betaStart = 0.00085;
    double betaEnd = 0.012;
    std::string spacing = "leading";     // leading (SD 1.5) or trailing
    int stepsOffset = 1;                 // added to leading timesteps (SD 1.5 uses 1)
    bool zeroTerminalSnr = false;        // Lin et al. 2023; use with v prediction
    std::string prediction = "epsilon";  // epsilon or v_prediction
    double eta = 0.0;                    // DDIM noise
    int steps = 20;

    // From a manifest's "scheduler" object; InputError naming `where` for bad values.
    static SchedulerConfig fromJson(const nlohmann::json& j, const std::string& where);
};

}  // namespace restyle
