#pragma once
// One restyle-cli subcommand: its name, one-line summary, usage text and entry point.
#include <functional>
#include <stop_token>
#include <string>
#include <vector>

#include "cli/Args.h"
#include "common/Progress.h"

namespace restyle::cli {

struct Context {
    std::stop_token stop;   // set by SIGINT / SIGTERM
    bool progress = false;  // --progress: print "PROGRESS <percent>" lines on stdout
    ProgressCallback progressPrinter() const;
};

struct Command {
    std::string name;
    std::string summary;
    std::string usage;  // full --help text
    std::function<int(Args&, const Context&)> run;
};

// Each subcommand's file defines one of these.
Command infoCommand();
Command convertCommand();
Command demoCommand();
Command benchCommand();
Command modelsCommand();
Command flowCommand();
Command editorsCommand();
Command editCommand();
Command propagateCommand();
Command restyleCommand();
Command runCommand();
Command planCommand();
Command joinCommand();
Command submitCommand();
Command trainStyleCommand();

}  // namespace restyle::cli
