#include "reliability/ReliabilitySupport.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "media/SampleClip.h"

namespace fs = std::filesystem;

namespace restyle::test {

std::string quoted(const std::string& s) {
    std::string out = "'";
    for (char c : s)
        out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

CliRun runCli(const std::string& args, int seconds, const std::string& env) {
    CliRun r;
    const std::string cmd = env + (env.empty() ? "" : " ") + "timeout -s KILL " +
                            std::to_string(seconds) + " " + quoted(RESTYLE_CLI) + " " + args +
                            " 2>&1";
    r.code = runCommand(cmd, &r.output);
    if (r.code == 137) r.code = 124;  // killed by the time limit
    return r;
}

std::string makeSmallClip(const TempDir& tmp, const std::string& name, int width, int height,
                          int frames) {
    const std::string path = tmp.path(name);
    writeSampleClip(path, SampleClipOptions{width, height, frames, 12, 2});
    return path;
}

std::string readFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

void writeFile(const std::string& path, const std::string& text) {
    std::ofstream(path, std::ios::binary) << text;
}

std::vector<std::string> partialFiles(const std::string& dir) {
    std::vector<std::string> out;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(dir, ec))
        if (e.path().filename().string().find(".part-") != std::string::npos)
            out.push_back(e.path().filename().string());
    return out;
}

}  // namespace restyle::test
