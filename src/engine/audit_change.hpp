// What an audit entry changed, in one line: the Audit view's Change column and the CHANGE column
// of `switchboard audit`. Pure; any thread.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace switchboard::engine {

// "created", "removed", "no change", or the leaves that differ between the before and after
// JSON texts, by JSON pointer: `/active: true -> false; /until: (none) -> "2027-01-01"`, at most
// three, then "(+N more)". null stands for "did not exist".
std::string auditChange(const nlohmann::json& before, const nlohmann::json& after);
// The same from the stored texts; text that is not JSON is shown as it is, shortened.
std::string auditChangeOfText(const std::string& beforeJson, const std::string& afterJson);

}  // namespace switchboard::engine
