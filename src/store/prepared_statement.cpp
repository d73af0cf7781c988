#include "store/prepared_statement.hpp"

#include <string>

#include <SQLiteCpp/Exception.h>
#include <sqlite3.h>

namespace switchboard::store {

namespace {

// reset() returns the step's error code, and the message stays on the connection until then.
[[noreturn]] void throwStepError(sqlite3_stmt* stmt, int rc) {
    const std::string message = sqlite3_errmsg(sqlite3_db_handle(stmt));
    sqlite3_reset(stmt);
    throw SQLite::Exception(message, rc);
}

}  // namespace

void StatementFinalizer::operator()(sqlite3_stmt* stmt) const {
    sqlite3_finalize(stmt);
}

PreparedStatement preparePersistent(sqlite3* db, const char* sql) {
    sqlite3_stmt* stmt = nullptr;
    const int rc = sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
    if (rc != SQLITE_OK) throw SQLite::Exception(db, rc);
    return PreparedStatement(stmt);
}

void bindText(sqlite3_stmt* stmt, int index, std::string_view text) {
    static const char kEmpty = 0;
    sqlite3_bind_text(stmt, index, text.empty() ? &kEmpty : text.data(),
                      static_cast<int>(text.size()), SQLITE_STATIC);
}

void stepDone(sqlite3_stmt* stmt) {
    const int rc = sqlite3_step(stmt);
    if (rc != SQLITE_DONE) throwStepError(stmt, rc);
    sqlite3_reset(stmt);
}

std::optional<int64_t> stepForInt64(sqlite3_stmt* stmt) {
    const int rc = sqlite3_step(stmt);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) throwStepError(stmt, rc);
    std::optional<int64_t> value;
    if (rc == SQLITE_ROW) value = sqlite3_column_int64(stmt, 0);
    sqlite3_reset(stmt);
    return value;
}

}  // namespace switchboard::store
