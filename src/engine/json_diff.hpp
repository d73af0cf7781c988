// The structural diff of two JSON documents the detail view shows: every leaf whose value differs,
// is only on one side, or changed type, keyed by its JSON pointer. Pure; any thread.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace switchboard::engine {

struct JsonDifference {
    std::string pointer;      // "/artifact/nvr"
    nlohmann::json left;      // null with leftMissing when only on the right
    nlohmann::json right;
    bool leftMissing = false, rightMissing = false;
};

// Differences in pointer order; empty arrays and objects count as leaves.
std::vector<JsonDifference> jsonDiff(const nlohmann::json& left, const nlohmann::json& right);

// "/a/b~1c" for the keys {"a", "b/c"}: RFC 6901 escaping of one reference token.
std::string escapePointerToken(const std::string& token);

}  // namespace switchboard::engine
