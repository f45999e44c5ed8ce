#include "propagate/PropagationEngine.h"

#include "common/Error.h"
#include "common/JsonFields.h"
#include "propagate/DiffusionEngine.h"
#include "propagate/FewShotEngine.h"
#include "propagate/WarpEngine.h"

namespace restyle {

std::unique_ptr<PropagationEngine> createPropagationEngine(const std::string& name,
                                                           const nlohmann::json& settings) {
    if (name == "warp") {
        WarpEngine::Settings s;
        const JsonFields f(settings.is_null() ? nlohmann::json::object() : settings, "warp engine",
                           "engine.settings.");
        s.featherSigma = f.number("feather", s.featherSigma, 0, 50);
        s.reanchorInterval = int(f.integer("reanchor", s.reanchorInterval, 1, 1000));
        s.fillSteadiness = f.number("fill_steadiness", s.fillSteadiness, 0, 0.95);
        return std::make_unique<WarpEngine>(s);
    }
    if (name == "fewshot")
        return std::make_unique<FewShotEngine>(FewShotEngine::Settings::fromJson(settings));
    if (name == "diffusion")
        return std::make_unique<DiffusionEngine>(DiffusionEngine::Settings::fromJson(settings));
    throw InputError("unknown engine '" + name + "' (warp, fewshot, diffusion)");
}

std::vector<std::string> propagationEngines() {
    return {"warp", "fewshot", "diffusion"};
}

}  // namespace restyle
