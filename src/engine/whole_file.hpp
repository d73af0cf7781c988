// A small file read or written whole: the lists, rules and pointers the CLI and the console import
// and export, one message for `rules test --file`, the demo's assets.
#pragma once

#include <cstddef>
#include <string>

namespace switchboard::engine {

// What readFile reads at most: lists, rules and pointers files are kilobytes, so a bigger file
// is a wrong pick in a file dialog (an image, a database), refused before it fills the memory.
inline constexpr size_t kMaxWholeFileBytes = 64 * 1024 * 1024;

// The file's bytes; throws std::runtime_error("cannot read PATH") when it cannot be opened, and
// ("PATH is over the 64 MiB limit ...") when it holds more than `maxBytes`.
std::string readFile(const std::string& path, size_t maxBytes = kMaxWholeFileBytes);

// Replaces the file with `text`: written beside it and renamed over it, so a full disk or a
// crash leaves the old file (or none), never half of the new one. Throws std::runtime_error
// ("cannot write PATH: why") when it could not be written.
void writeFile(const std::string& path, const std::string& text);

}  // namespace switchboard::engine
