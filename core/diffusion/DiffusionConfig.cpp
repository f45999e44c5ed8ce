#include "diffusion/DiffusionConfig.h"

#include "common/Error.h"

namespace restyle {

SchedulerConfig SchedulerConfig::fromJson(const nlohmann::json& j, const std::string& where) {
    SchedulerConfig c;
    if (j.is_null()) return c;
    if (!j.is_object()) throw InputError(where + ": \"scheduler\" must be an object");
    try {
        c.name = j.value("name", c.name);
        c.trainSteps = j.value("train_steps", c.trainSteps);
        c.betaSchedule = j.value("beta_schedule", c.betaSchedule);
        c.betaStart = j.value("beta_start", c.betaStart);
        c.betaEnd = j.value("beta_end", c.betaEnd);
        c.spacing = j.value("spacing", c.spacing);
        c.stepsOffset = j.value("steps_offset", c.stepsOffset);
        c.zeroTerminalSnr = j.value("zero_terminal_snr", c.zeroTerminalSnr);
        c.prediction = j.value("prediction", c.prediction);
        c.eta = j.value("eta", c.eta);
        c.steps = j.value("steps", c.steps);
    } catch (const nlohmann::json::exception& e) {
        throw InputError(where + ": bad \"scheduler\": " + e.what());
    }
    auto oneOf = [&](const std::string& v, std::initializer_list<const char*> ok,
                     const char* field) {
        for (const char* o : ok)
            if (v == o) return;
        throw InputError(where + ": scheduler." + field + " \"" + v + "\" is not supported");
    };
    oneOf(c.name, {"ddim", "euler-ancestral", "dpm-solver++-2m"}, "name");
    oneOf(c.betaSchedule, {"scaled_linear", "linear"}, "beta_schedule");
    oneOf(c.spacing, {"leading", "trailing"}, "spacing");
    oneOf(c.prediction, {"epsilon", "v_prediction"}, "prediction");
    if (c.trainSteps < 2 || c.steps < 1 || c.steps > c.trainSteps)
        throw InputError(where + ": scheduler steps must be 1 to train_steps");
    return c;
}

}  // namespace restyle
