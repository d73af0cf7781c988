// The file form of a set of field pointers: what `pointers export` and the console's Export...
// write, and what `pointers import`, the console's Import... and the demo read. One place, so a
// file one of them writes is one every other reads.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "model/field_pointer.hpp"

namespace switchboard::engine {

// A JSON array of the pointers' stored form, in their order, without ids and times (those are
// the writing database's; the importing one gives its own).
nlohmann::json pointersDocument(const std::vector<model::FieldPointer>& pointers);

// Reads that array, or `pointers list --json` output (one object a line, blank lines skipped);
// each pointer is checked as `pointers add` checks it. Throws std::runtime_error naming `path`
// and the element or line at fault.
std::vector<model::FieldPointer> parsePointerFile(const std::string& text, const std::string& path);

// "1 pointer", "3 pointers": how the import and export reports count them.
std::string pointerCount(size_t n);

}  // namespace switchboard::engine
