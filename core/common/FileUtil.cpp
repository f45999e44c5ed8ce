#include "common/FileUtil.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>

#include "common/AtomicFile.h"
#include "common/Error.h"
#include "common/TempRegistry.h"

namespace fs = std::filesystem;

namespace restyle {

namespace {

std::atomic<bool> g_allowProtected{false};

fs::path folderOf(const fs::path& p) {
    return p.parent_path().empty() ? fs::path(".") : p.parent_path();
}

// Protected: the user could not write the file in place (mode without write permission
// for its owner, or owned by someone else); a rename would get round that.
bool isProtected(const struct stat& st) {
    return (st.st_mode & S_IWUSR) == 0 || st.st_uid != ::geteuid();
}

bool sameFile(const struct stat& a, const struct stat& b) {
    return a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

std::string normalizedPath(const std::string& p) {
    std::error_code ec;
    const fs::path w = fs::weakly_canonical(fs::absolute(p, ec), ec);
    return ec ? fs::absolute(p).lexically_normal().string() : w.string();
}

void syncFolder(const fs::path& dir) {
    const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return;
    ::fsync(fd);  // best effort: some file systems refuse fsync on folders
    ::close(fd);
}

}  // namespace

void allowProtectedOverwrite(bool allow) {
    g_allowProtected.store(allow);
}

bool protectedOverwriteAllowed() {
    return g_allowProtected.load();
}

fs::path temporarySibling(const fs::path& target) {
    static std::atomic<unsigned> counter{0};
    const std::string prefix = "." + target.filename().string() + ".part-";
    removeStaleTemporaries(folderOf(target), prefix);
    const fs::path tmp =
        folderOf(target) /
        (prefix + writerTag() + "-" + std::to_string(counter++) + target.extension().string());
    registerTemporary(tmp);
    return tmp;
}

void checkOutputPath(const fs::path& output, const fs::path& input) {
    if (output.empty()) throw InputError("output path is empty");
    const std::string name = output.string();
    struct stat st {};
    if (::stat(output.c_str(), &st) == 0) {
        if (S_ISDIR(st.st_mode)) throw InputError(name + ": output path is a folder");
        if (!S_ISREG(st.st_mode))
            throw InputError(name +
                             ": output path exists and is not a regular file (a FIFO, device "
                             "or socket); give a new file name");
        if (isProtected(st) && !protectedOverwriteAllowed())
            throw InputError(name +
                             ": the existing file is write-protected or another user's; "
                             "remove it or pass --overwrite to replace it");
        struct stat in {};
        if (!input.empty() && ::stat(input.c_str(), &in) == 0 && sameFile(st, in))
            throw InputError(name + ": output path is the same file as the input " +
                             input.string());
    }
    const fs::path dir = folderOf(output);
    std::error_code ec;
    if (!fs::is_directory(dir, ec))
        throw InputError(name + ": output folder " + dir.string() + " does not exist");
    if (::access(dir.c_str(), W_OK) != 0)
        throw InputError(name + ": output folder " + dir.string() + " is not writable");
}

void checkDistinct(const std::vector<std::string>& outputs,
                   const std::vector<std::string>& inputs) {
    auto same = [](const std::string& a, const std::string& b) {
        struct stat sa {
        }, sb{};
        const bool ea = ::stat(a.c_str(), &sa) == 0, eb = ::stat(b.c_str(), &sb) == 0;
        if (ea && eb) return sameFile(sa, sb);
        return !ea && !eb && normalizedPath(a) == normalizedPath(b);
    };
    for (size_t i = 0; i < outputs.size(); ++i) {
        const std::string& out = outputs[i];
        if (out.empty()) continue;
        for (const auto& in : inputs)
            if (!in.empty() && same(out, in))
                throw InputError(out + ": output path is the same file as the input " + in +
                                 "; choose another output");
        for (size_t k = 0; k < i; ++k)
            if (!outputs[k].empty() && same(out, outputs[k]))
                throw InputError(out + ": given for two outputs (also as " + outputs[k] +
                                 "); each output needs its own file");
    }
}

void checkOutputs(const std::vector<std::string>& outputs, const std::vector<std::string>& inputs) {
    for (const auto& out : outputs)
        if (!out.empty()) checkOutputPath(out);
    checkDistinct(outputs, inputs);
}

void commitTemporary(const fs::path& tmp, const fs::path& target) {
    try {
        const int fd = ::open(tmp.c_str(), O_RDONLY | O_CLOEXEC);
        if (fd < 0)
            throw Error(target.string() + ": the finished temporary " + tmp.string() +
                        " is gone: " + std::strerror(errno));
        const int rc = ::fsync(fd);
        const int err = errno;
        ::close(fd);
        if (rc != 0 && err != EINVAL && err != EROFS)
            throw Error(target.string() + ": cannot write (" + std::strerror(err) + ")");
        checkOutputPath(target);  // the target may have changed while we worked
        std::error_code ec;
        fs::rename(tmp, target, ec);
        if (ec) throw Error(target.string() + ": cannot rename the finished file: " + ec.message());
    } catch (...) {
        discardTemporary(tmp);
        throw;
    }
    unregisterTemporary(tmp);
    syncFolder(folderOf(target));
}

void discardTemporary(const fs::path& tmp) {
    std::error_code ec;
    fs::remove(tmp, ec);
    unregisterTemporary(tmp);
}

void writeFileAtomically(const fs::path& target, const std::string& text) {
    AtomicFile file(target);
    file.write(text);
    file.commit();
}

void checkReadableFile(const fs::path& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) throw InputError(path.string() + ": no such file");
    if (S_ISDIR(st.st_mode)) throw InputError(path.string() + ": is a folder, not a file");
    if (!S_ISREG(st.st_mode))
        throw InputError(path.string() +
                         ": is not a regular file (a FIFO, device or socket); give a file");
    if (::access(path.c_str(), R_OK) != 0) throw InputError(path.string() + ": cannot be read");
}

}  // namespace restyle
