#include "common/AtomicFile.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "common/Error.h"
#include "common/FileUtil.h"

namespace restyle {

AtomicFile::AtomicFile(std::filesystem::path target) : target_(std::move(target)) {
    checkOutputPath(target_);
    tmp_ = temporarySibling(target_);
    const int fd = ::open(tmp_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd < 0) {
        const int err = errno;
        discardTemporary(tmp_);
        throw InputError(target_.string() + ": cannot be written (" + std::strerror(err) + ")");
    }
    file_ = ::fdopen(fd, "wb");
    if (!file_) {
        ::close(fd);
        discardTemporary(tmp_);
        throw Error(target_.string() + ": cannot open a stream");
    }
}

AtomicFile::~AtomicFile() {
    if (file_) std::fclose(file_);
    if (!committed_) discardTemporary(tmp_);
}

void AtomicFile::fail(const char* what, int err) {
    if (file_) std::fclose(file_);
    file_ = nullptr;
    discardTemporary(tmp_);
    throw Error(target_.string() + ": " + what + " (" + std::strerror(err) +
                "); the file was not changed");
}

void AtomicFile::write(std::string_view bytes) {
    if (!file_) throw Error(target_.string() + ": write after commit or failure");
    if (bytes.empty()) return;
    if (std::fwrite(bytes.data(), 1, bytes.size(), file_) != bytes.size())
        fail("cannot write", errno);
}

void AtomicFile::finishWriting() {
    if (written_) return;
    if (!file_) throw Error(target_.string() + ": finish after a failure");
    if (std::fflush(file_) != 0) fail("cannot write", errno);
    if (::fsync(::fileno(file_)) != 0 && errno != EINVAL && errno != EROFS)
        fail("cannot write", errno);
    const int rc = std::fclose(file_);
    file_ = nullptr;
    if (rc != 0) fail("cannot write", errno);
    written_ = true;
}

void AtomicFile::commit() {
    if (committed_) throw Error(target_.string() + ": committed twice");
    finishWriting();
    commitTemporary(tmp_, target_);
    committed_ = true;
}

}  // namespace restyle
