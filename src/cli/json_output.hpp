// JSON text for the CLI's --json and export output.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace switchboard::cli {

// nlohmann's dump() throws on a string that is not UTF-8, which would stop a listing halfway;
// text from outside (a quarantined file's name, a backend's error) can be anything, so such
// bytes are written as U+FFFD instead.
inline std::string jsonText(const nlohmann::json& value, int indent = -1) {
    return value.dump(indent, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace switchboard::cli
