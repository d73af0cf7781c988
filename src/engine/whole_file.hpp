// A small file read or written whole: the lists, rules and pointers the CLI and the console import
// and export, one message for `rules test --file`, the demo's assets.
#pragma once

#include <string>

namespace switchboard::engine {

// The file's bytes; throws std::runtime_error("cannot read PATH") when it cannot be opened.
std::string readFile(const std::string& path);

// Replaces the file with `text`: written beside it and renamed over it, so a full disk or a
// crash leaves the old file (or none), never half of the new one. Throws std::runtime_error
// ("cannot write PATH: why") when it could not be written.
void writeFile(const std::string& path, const std::string& text);

}  // namespace switchboard::engine
