#include "propagate/PropagationEngine.h"

#include "common/Error.h"
#include "propagate/DiffusionEngine.h"
#include "propagate/FewShotEngine.h"
#include "propagate/WarpEngine.h"

namespace restyle {

std::unique_ptr<PropagationEngine> createPropagationEngine(const std::string& name,
                                                           const nlohmann::json& settings) {
    if (name == "warp") {
        WarpEngine::Settings s;
        s.featherSigma = settings.value("feather", s.featherSigma);
        s.reanchorInterval = settings.value("reanchor", s.reanchorInterval);
        if (s.featherSigma < 0 || s.featherSigma > 50)
            throw InputError("warp engine: feather must be 0-50 px");
        if (s.reanchorInterval < 1 || s.reanchorInterval > 1000)
            throw InputError("warp engine: reanchor must be 1-1000 frames");
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
