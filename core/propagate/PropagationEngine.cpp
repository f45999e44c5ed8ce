#include "propagate/PropagationEngine.h"

#include "common/Error.h"
#include "propagate/DiffusionEngine.h"
#include "propagate/FewShotEngine.h"
#include "propagate/WarpEngine.h"

namespace restyle {

std::unique_ptr<PropagationEngine> createPropagationEngine(const std::string& name,
                                                           const nlohmann::json& settings) {
    if (name == "warp")
        return std::make_unique<WarpEngine>(WarpEngine::Settings::fromJson(settings));
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
