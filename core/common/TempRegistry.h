#pragma once
// Temporary files and folders this process is writing, so that nothing is left behind:
// a forced exit (a signal while blocked in a system call) removes what is registered, and
// the next run removes the temporaries of writers that died (SIGKILL, power loss).
//
// Names carry the writer's identity: PREFIX-<pid>-<host>-... . A temporary is stale when
// its host is this machine and no process with its pid is alive.
#include <filesystem>
#include <string>

namespace restyle {

// "<pid>-<host>": what temporary names carry to say who wrote them.
std::string writerTag();

// True when `tag` (as made by writerTag, possibly followed by "-more") names a dead process
// on this machine.
bool isDeadWriterTag(const std::string& tag);

void registerTemporary(const std::filesystem::path& path);
void unregisterTemporary(const std::filesystem::path& path);

// Removes every registered file or folder. Called on the way out of a forced exit; safe to
// call from any thread (never blocks on a writer holding the registry).
void removeRegisteredTemporaries();

// Removes entries of `folder` named `prefix` + a dead writer's tag (files or folders).
// Returns how many were removed; errors are ignored (another run may race us).
int removeStaleTemporaries(const std::filesystem::path& folder, const std::string& prefix);

}  // namespace restyle
