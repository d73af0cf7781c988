// Reading a small file whole: the lists, rules and pointers the CLI and the console import, one
// message for `rules test --file`, the demo's assets.
#pragma once

#include <string>

namespace switchboard::engine {

// The file's bytes; throws std::runtime_error("cannot read PATH") when it cannot be opened.
std::string readFile(const std::string& path);

}  // namespace switchboard::engine
