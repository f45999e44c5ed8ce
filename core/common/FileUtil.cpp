#include "common/FileUtil.h"

#include <unistd.h>

#include <atomic>
#include <fstream>
#include <random>

#include "common/Error.h"

namespace fs = std::filesystem;

namespace restyle {

fs::path temporarySibling(const fs::path& target) {
    static std::atomic<unsigned> counter{0};
    std::random_device rd;
    const auto tag = std::to_string(::getpid()) + "-" + std::to_string(counter++) + "-" +
                     std::to_string(rd() % 100000);
    fs::path dir = target.parent_path();
    if (dir.empty()) dir = ".";
    std::string name(".");
    name.append(target.filename().string()).append(".part-").append(tag);
    name.append(target.extension().string());
    return dir / name;
}

void checkOutputPath(const fs::path& output, const fs::path& input) {
    std::error_code ec;
    if (output.empty()) throw InputError("output path is empty");
    if (!input.empty() && fs::exists(output, ec) && fs::equivalent(output, input, ec))
        throw InputError(output.string() + ": output path is the same file as the input");
    if (fs::is_directory(output, ec))
        throw InputError(output.string() + ": output path is a folder");
    fs::path dir = output.parent_path();
    if (dir.empty()) dir = ".";
    if (!fs::is_directory(dir, ec))
        throw InputError(output.string() + ": output folder " + dir.string() + " does not exist");
    if (::access(dir.c_str(), W_OK) != 0)
        throw InputError(output.string() + ": output folder " + dir.string() + " is not writable");
}

void writeFileAtomically(const fs::path& target, const std::string& text) {
    const fs::path tmp = temporarySibling(target);
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        if (!out) throw InputError(target.string() + ": cannot write (" + tmp.string() + ")");
        out << text;
        out.flush();
        if (!out) {
            std::error_code ec;
            fs::remove(tmp, ec);
            throw Error(target.string() + ": write failed");
        }
    }
    std::error_code ec;
    fs::rename(tmp, target, ec);
    if (ec) {
        fs::remove(tmp, ec);
        throw Error(target.string() + ": cannot rename temporary file: " + ec.message());
    }
}

void checkReadableFile(const fs::path& path) {
    std::error_code ec;
    if (!fs::exists(path, ec)) throw InputError(path.string() + ": no such file");
    if (fs::is_directory(path, ec)) throw InputError(path.string() + ": is a folder, not a file");
    if (::access(path.c_str(), R_OK) != 0) throw InputError(path.string() + ": cannot be read");
}

}  // namespace restyle
