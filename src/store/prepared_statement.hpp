// Statements the write path prepares once and then binds and steps through SQLite's C API
// (EventStore's inserts, TopicIds' look-ups): text binds as text and nothing is copied, which
// SQLiteCpp's sized bindNoCopy (a blob) does not give.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace switchboard::store {

struct StatementFinalizer {
    void operator()(sqlite3_stmt* stmt) const;
};
using PreparedStatement = std::unique_ptr<sqlite3_stmt, StatementFinalizer>;

// Prepared to live as long as its owner (SQLITE_PREPARE_PERSISTENT); throws SQLite::Exception.
PreparedStatement preparePersistent(sqlite3* db, const char* sql);

// Binds `text` without copying it (it must outlive the step). A zero-length text is still text,
// not NULL: the columns are NOT NULL.
void bindText(sqlite3_stmt* stmt, int index, std::string_view text);

// Steps a statement that returns no row, then resets it; throws SQLite::Exception with SQLite's
// message.
void stepDone(sqlite3_stmt* stmt);
// Steps a statement that returns at most one row, then resets it: the row's first column, or
// nullopt without a row; throws SQLite::Exception with SQLite's message.
std::optional<int64_t> stepForInt64(sqlite3_stmt* stmt);

}  // namespace switchboard::store
