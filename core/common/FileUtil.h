#pragma once
// Small filesystem helpers shared by writers: atomic temp-file-and-rename outputs.
#include <filesystem>
#include <string>

namespace restyle {

// A temporary path in the same folder as `target`, so the final rename is atomic.
std::filesystem::path temporarySibling(const std::filesystem::path& target);

// Throws InputError when `output` is the same file as `input`, or its folder is missing
// or not writable.
void checkOutputPath(const std::filesystem::path& output, const std::filesystem::path& input = {});

// Writes `text` to `target` through a temporary sibling and a rename.
void writeFileAtomically(const std::filesystem::path& target, const std::string& text);

// Throws InputError naming `path` when it does not exist, is a folder or cannot be read.
void checkReadableFile(const std::filesystem::path& path);

}  // namespace restyle
