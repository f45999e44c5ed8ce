// Flow mode names, apart from the tracker so that job parsing needs no flow engine.
#include "common/Error.h"
#include "flow/FlowTracker.h"

namespace restyle {

FlowMode parseFlowMode(const std::string& name) {
    if (name == "direct") return FlowMode::Direct;
    if (name == "chained") return FlowMode::Chained;
    if (name == "chained-refined") return FlowMode::ChainedRefined;
    throw InputError("unknown flow mode '" + name + "' (direct, chained, chained-refined)");
}

std::string flowModeName(FlowMode mode) {
    switch (mode) {
        case FlowMode::Direct:
            return "direct";
        case FlowMode::Chained:
            return "chained";
        default:
            return "chained-refined";
    }
}

}  // namespace restyle
