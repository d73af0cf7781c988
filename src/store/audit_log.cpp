#include "store/audit_log.hpp"

#include <pwd.h>
#include <unistd.h>

#include <cstdlib>
#include <string>
#include <vector>

#include <SQLiteCpp/Statement.h>

namespace switchboard::store {

std::string currentUser() {
    for (const char* name : {"USER", "LOGNAME"}) {
        const char* value = std::getenv(name);
        if (value != nullptr && *value != '\0') return value;
    }
    // A service or a container often runs without either; the audit trail still names who.
    const uid_t uid = ::geteuid();
    long size = ::sysconf(_SC_GETPW_R_SIZE_MAX);
    std::vector<char> buffer(static_cast<size_t>(size > 0 ? size : 16384));
    passwd entry{};
    passwd* found = nullptr;
    if (::getpwuid_r(uid, &entry, buffer.data(), buffer.size(), &found) == 0 && found &&
        found->pw_name && *found->pw_name)
        return found->pw_name;
    return "uid " + std::to_string(uid);
}

AuditLog::AuditLog(Database& db) : m_db(db) {}

void AuditLog::record(const std::string& what, const std::string& target,
                      const nlohmann::json& before, const nlohmann::json& after) {
    SQLite::Statement insert(m_db.sql(),
                             "INSERT INTO audit (at, who, what, target, before, after) "
                             "VALUES (?, ?, ?, ?, ?, ?)");
    insert.bind(1, static_cast<int64_t>(nowMs()));
    insert.bind(2, currentUser());
    insert.bind(3, what);
    insert.bind(4, target);
    insert.bind(5, before.dump());
    insert.bind(6, after.dump());
    insert.exec();
}

std::vector<AuditRow> AuditLog::list(int64_t limit, int64_t beforeId) {
    SQLite::Statement query(m_db.sql(),
                            "SELECT id, at, who, what, target, before, after FROM audit "
                            "WHERE (? = 0 OR id < ?) ORDER BY id DESC LIMIT ?");
    query.bind(1, static_cast<int64_t>(beforeId));
    query.bind(2, static_cast<int64_t>(beforeId));
    query.bind(3, static_cast<int64_t>(limit > 0 ? limit : -1));
    std::vector<AuditRow> rows;
    while (query.executeStep()) {
        AuditRow row;
        row.id = query.getColumn(0).getInt64();
        row.at = query.getColumn(1).getInt64();
        row.who = query.getColumn(2).getString();
        row.what = query.getColumn(3).getString();
        row.target = query.getColumn(4).getString();
        row.before = nlohmann::json::parse(query.getColumn(5).getString(), nullptr, false);
        row.after = nlohmann::json::parse(query.getColumn(6).getString(), nullptr, false);
        rows.push_back(std::move(row));
    }
    return rows;
}

}  // namespace switchboard::store
