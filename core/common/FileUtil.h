#pragma once
// Output safety shared by every writer (videos, images, CSV, JSON, .flo, sequences):
// checks made before anything is written, and the temp-file-then-rename that makes an
// output appear whole or not at all.
//
// A writer: checkOutputs({out...}, {in...}) first; then AtomicFile (common/AtomicFile.h),
// or for a library that writes by path (FFmpeg): tmp = temporarySibling(out), write tmp,
// commitTemporary(tmp, out), or discardTemporary(tmp) on any failure.
#include <filesystem>
#include <string>
#include <vector>

namespace restyle {

// Whether a write-protected output (no write permission, or another user's file) may be
// replaced. Off by default; restyle-cli --overwrite turns it on for the process.
void allowProtectedOverwrite(bool allow);
bool protectedOverwriteAllowed();

// A temporary path in the same folder as `target`, so the final rename is atomic:
// ".NAME.part-<pid>-<host>-<n>.EXT". Temporaries of `target` left by dead writers are
// removed first; the new one is registered for removal on a forced exit.
std::filesystem::path temporarySibling(const std::filesystem::path& target);

// Throws InputError naming `output` when it is empty, a folder, an existing non-regular
// file (FIFO, device, socket), write-protected (unless allowed), the same file as `input`,
// or its folder is missing or not writable.
void checkOutputPath(const std::filesystem::path& output, const std::filesystem::path& input = {});

// No output is the same file (same inode, or the same path when it does not exist yet) as
// any input or any other output; InputError naming both otherwise. Empty entries are
// skipped. Makes no other check (the output's folder may not exist yet).
void checkDistinct(const std::vector<std::string>& outputs, const std::vector<std::string>& inputs);

// checkOutputPath for every output, then checkDistinct: no output is the same file (same inode, or
// the same path when it does not exist yet) as any input or any other output. Empty entries are
// skipped.
void checkOutputs(const std::vector<std::string>& outputs, const std::vector<std::string>& inputs);

// Makes the finished temporary durable (fsync), checks `target` once more and renames the
// temporary over it, then syncs the folder. On failure the temporary is removed and Error
// (InputError for a target refused by the checks) is thrown; `target` is left as it was.
void commitTemporary(const std::filesystem::path& tmp, const std::filesystem::path& target);

// Removes an unfinished temporary (errors ignored).
void discardTemporary(const std::filesystem::path& tmp);

// Writes `text` to `target` through AtomicFile.
void writeFileAtomically(const std::filesystem::path& target, const std::string& text);

// Throws InputError naming `path` when it does not exist, is not a regular file (a folder,
// FIFO, device: reading those could block forever) or cannot be read.
void checkReadableFile(const std::filesystem::path& path);

}  // namespace restyle
