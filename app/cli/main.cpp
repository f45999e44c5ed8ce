// restyle-cli: the command-line front end over restyle_core. Parses arguments, maps errors
// to exit codes (0 done, 2 bad usage or input, 1 other failure, 130 interrupted).
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <iostream>
#include <thread>

#include "cli/Command.h"
#include "cli/Version.h"
#include "common/Error.h"

using namespace restyle;
using namespace restyle::cli;

namespace {

std::atomic<bool> g_signaled{false};
extern "C" void onSignal(int) {
    g_signaled.store(true);
}

std::vector<Command> commands() {
    return {infoCommand(),      convertCommand(), editorsCommand(), editCommand(), flowCommand(),
            propagateCommand(), restyleCommand(), runCommand(),     demoCommand(), benchCommand(),
            planCommand(),      joinCommand(),    submitCommand(),  modelsCommand(),
            trainStyleCommand()};
}

void printHelp() {
    std::cout << "restyle-cli " << RESTYLE_VERSION
              << ": restyle a video from an edited first frame.\n\n"
                 "usage: restyle-cli [--version] <command> [options]\n\ncommands:\n";
    for (const auto& c : commands()) {
        std::string pad(12 > c.name.size() ? 12 - c.name.size() : 1, ' ');
        std::cout << "  " << c.name << pad << c.summary << "\n";
    }
    std::cout << "\n'restyle-cli <command> --help' describes a command.\n"
                 "Exit codes: 0 done, 2 bad usage or input, 1 other failure, 130 interrupted.\n";
}

}  // namespace

int main(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
        printHelp();
        return args.empty() ? 2 : 0;
    }
    if (args[0] == "--version") {
        std::cout << versionText();
        return 0;
    }
    const auto all = commands();
    auto it =
        std::find_if(all.begin(), all.end(), [&](const Command& c) { return c.name == args[0]; });
    if (it == all.end()) {
        std::cerr << "restyle-cli: unknown command '" << args[0] << "' (see restyle-cli --help)\n";
        return 2;
    }
    Args rest(std::vector<std::string>(args.begin() + 1, args.end()));
    if (rest.flag("--help") || rest.flag("-h")) {
        std::cout << it->usage;
        return 0;
    }

    // Signals only set a flag; a watcher turns it into a stop request that core checks
    // between frames, so interrupted jobs stop cleanly and remove partial output.
    std::stop_source stopSource;
    std::signal(SIGINT, onSignal);
    std::signal(SIGTERM, onSignal);
    std::atomic<bool> done{false};
    std::thread watcher([&] {
        while (!done.load()) {
            if (g_signaled.load()) {
                stopSource.request_stop();
                break;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
    });
    int code = 1;
    Context ctx;
    ctx.stop = stopSource.get_token();
    try {
        ctx.progress = rest.flag("--progress");
        code = it->run(rest, ctx);
    } catch (const UsageError& e) {
        std::cerr << "restyle-cli " << it->name << ": " << e.what() << "\n"
                  << "(see restyle-cli " << it->name << " --help)\n";
        code = 2;
    } catch (const CanceledError&) {
        std::cerr << "restyle-cli " << it->name << ": interrupted; no output was left\n";
        code = 130;
    } catch (const InputError& e) {
        std::cerr << "restyle-cli " << it->name << ": " << e.what() << "\n";
        code = 2;
    } catch (const std::exception& e) {
        std::cerr << "restyle-cli " << it->name << ": error: " << e.what() << "\n";
        code = 1;
    }
    if (code == 0 && g_signaled.load()) code = 130;
    done.store(true);
    watcher.join();
    return code;
}
