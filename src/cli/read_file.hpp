// Reading the small files the CLI imports (lists, rules, pointers, one message) whole.
#pragma once

#include <string>

namespace switchboard::cli {

// The file's bytes; throws std::runtime_error("cannot read PATH") when it cannot be opened.
std::string readFile(const std::string& path);

}  // namespace switchboard::cli
