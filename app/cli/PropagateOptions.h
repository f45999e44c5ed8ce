#pragma once
// Options shared by propagate, restyle and demo.
#include <string>

#include "cli/Args.h"
#include "flow/FlowTracker.h"
#include "propagate/Pipeline.h"

namespace restyle::cli {

FlowSettings parseFlowSettings(Args& args);  // in CmdFlow.cpp
extern const char* kFlowOptionsHelp;

PropagationSettings parsePropagationSettings(Args& args);
extern const char* kPropagateOptionsHelp;

// Runs and prints the one-line summary.
int runPropagation(const std::string& clip, const std::string& out,
                   const std::vector<Keyframe>& keys, const PropagationSettings& s,
                   const struct Context& ctx);

}  // namespace restyle::cli
