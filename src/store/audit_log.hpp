// The append-only audit log: who changed what, when, with the before and after as JSON.
// Every edit to a list, an entry, a rule, a backend or a connection records a row inside the SAME
// transaction as the edit, so an edit and its audit row commit or roll back together.
// One AuditLog per thread (it uses the Database it was given).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "store/database.hpp"

namespace switchboard::store {

struct AuditRow {
    int64_t id = 0;
    int64_t at = 0;      // ms since the epoch, UTC
    std::string who;     // currentUser()
    std::string what;    // verb: "list.import", "entry.set", "rule.update", "connection.add", ...
    std::string target;  // what it changed: a list, rule, backend or connection name
    nlohmann::json before;  // null when created
    nlohmann::json after;   // null when removed
};

// $USER, else $LOGNAME, else the name of the effective user id (a service or container often sets
// neither), else "uid N".
std::string currentUser();

class AuditLog {
public:
    explicit AuditLog(Database& db);

    // Appends a row; call inside the transaction that makes the change. Secrets never go in
    // before/after: callers pass the stored form (names of variables or files only).
    void record(const std::string& what, const std::string& target, const nlohmann::json& before,
                const nlohmann::json& after);

    std::vector<AuditRow> list(int64_t limit, int64_t beforeId = 0);  // newest first

private:
    Database& m_db;
};

}  // namespace switchboard::store
