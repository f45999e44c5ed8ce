// restyle-cli: the command-line front end over restyle_core. Parses arguments, maps errors
// to exit codes (0 done, 2 bad usage or input, 1 other failure, 130 interrupted).
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <iostream>
#include <optional>
#include <thread>

#include "cli/Command.h"
#include "cli/Version.h"
#include "common/Allocator.h"
#include "common/Error.h"
#include "common/FileUtil.h"
#include "common/TempRegistry.h"

using namespace restyle;
using namespace restyle::cli;

namespace {

std::atomic<int> g_signals{0};
extern "C" void onSignal(int) {
    g_signals.fetch_add(1);
}

// SIGINT, SIGTERM, SIGHUP (terminal closed) and SIGPIPE (`--progress | head -1`) all stop
// the job cleanly. Without SA_RESTART, so a blocked read or write returns early.
void installSignalHandlers() {
    struct sigaction sa {};
    sa.sa_handler = onSignal;
    sigemptyset(&sa.sa_mask);
    for (int sig : {SIGINT, SIGTERM, SIGHUP, SIGPIPE})
        sigaction(sig, &sa, nullptr);
}

// Turns a signal into a stop request that core checks between frames. Core may be blocked
// in a system call that never returns (opening a FIFO, a hung network share): when the
// command has not stopped kGraceMs after the signal, or a second signal comes, the process
// removes its registered temporaries and exits 130 without waiting.
constexpr int kGraceMs = 3000;

void watchSignals(std::stop_source& stopSource, const std::atomic<bool>& done,
                  const std::string& command) {
    using namespace std::chrono;
    std::optional<steady_clock::time_point> signaledAt;
    while (!done.load()) {
        const int n = g_signals.load();
        if (n > 0 && !signaledAt) {
            signaledAt = steady_clock::now();
            stopSource.request_stop();
        }
        if (signaledAt && (n > 1 || steady_clock::now() - *signaledAt > milliseconds(kGraceMs))) {
            removeRegisteredTemporaries();
            const std::string text =
                "restyle-cli " + command + ": interrupted; no output was left\n";
            [[maybe_unused]] auto w = ::write(2, text.data(), text.size());
            ::_exit(130);
        }
        std::this_thread::sleep_for(milliseconds(20));
    }
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
                 "Every command takes --overwrite: replace outputs that are write-protected or\n"
                 "another user's (refused otherwise).\n"
                 "Exit codes: 0 done, 2 bad usage or input, 1 other failure, 130 interrupted.\n";
}

}  // namespace

int main(int argc, char** argv) {
    keepLargeBuffersResident();  // every command handles frames
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

    allowProtectedOverwrite(rest.flag("--overwrite"));
    std::stop_source stopSource;
    installSignalHandlers();
    std::atomic<bool> done{false};
    std::thread watcher([&] { watchSignals(stopSource, done, it->name); });
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
    if (code == 0 && g_signals.load() > 0) code = 130;
    done.store(true);
    watcher.join();
    return code;
}
