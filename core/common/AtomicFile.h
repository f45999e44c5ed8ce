#pragma once
// An output file that appears whole or not at all: written to a temporary sibling, made
// durable (flush + fsync) and renamed over the target by commit(). Every write is checked:
// a full disk or an I/O error throws Error naming the target and leaves it as it was.
// Destroyed without commit() (an error, a cancel), it removes the temporary.
#include <cstdio>
#include <filesystem>
#include <string_view>

namespace restyle {

class AtomicFile {
  public:
    // Checks `target` (checkOutputPath) and opens the temporary; InputError naming it when
    // it cannot be written there.
    explicit AtomicFile(std::filesystem::path target);
    ~AtomicFile();
    AtomicFile(const AtomicFile&) = delete;
    AtomicFile& operator=(const AtomicFile&) = delete;

    void write(std::string_view bytes);
    // Flushes and syncs what was written (the step that fails on a full disk), without
    // renaming yet: lets a writer of several outputs make all of them durable first.
    void finishWriting();
    void commit();  // finishWriting() if not done, then the rename

    const std::filesystem::path& target() const { return target_; }

  private:
    [[noreturn]] void fail(const char* what, int err);
    std::filesystem::path target_;
    std::filesystem::path tmp_;
    std::FILE* file_ = nullptr;
    bool written_ = false;
    bool committed_ = false;
};

}  // namespace restyle
