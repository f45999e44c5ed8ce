#include "flow/FlowEngine.h"

#include "common/Error.h"
#include "flow/DeepFlowEngine.h"
#include "flow/DisFlowEngine.h"
#include "flow/FarnebackFlowEngine.h"
#include "flow/RaftFlowEngine.h"

namespace restyle {

std::vector<std::string> flowMethods() {
    return {"dis-ultrafast", "dis-fast", "dis-medium", "farneback", "deepflow"};
}

std::unique_ptr<FlowEngine> createFlowEngine(const std::string& method, const std::string& device) {
    if (method == "dis-ultrafast")
        return std::make_unique<DisFlowEngine>(DisFlowEngine::Preset::UltraFast);
    if (method == "dis-fast") return std::make_unique<DisFlowEngine>(DisFlowEngine::Preset::Fast);
    if (method == "dis-medium")
        return std::make_unique<DisFlowEngine>(DisFlowEngine::Preset::Medium);
    if (method == "farneback") return std::make_unique<FarnebackFlowEngine>();
    if (method == "deepflow") return std::make_unique<DeepFlowEngine>();
    if (method.rfind("raft:", 0) == 0)
        return std::make_unique<RaftFlowEngine>(resolveModel(method.substr(5)), device);
    throw InputError("unknown flow method '" + method +
                     "' (dis-ultrafast, dis-fast, dis-medium, farneback, deepflow, raft:MANIFEST)");
}

}  // namespace restyle
