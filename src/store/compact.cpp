#include "store/compact.hpp"

#include <chrono>
#include <filesystem>
#include <stdexcept>
#include <thread>

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Exception.h>
#include <sqlite3.h>

#include "store/database.hpp"

namespace switchboard::store {

namespace {

void leaveWal(SQLite::Database& sql, const std::string& path) {
    sql.setBusyTimeout(0);  // we retry here ourselves, for a second rather than the usual ten
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(1);
    for (;;) {
        try {
            sql.exec("PRAGMA journal_mode=DELETE");
            return;
        } catch (const SQLite::Exception& e) {
            if (e.getErrorCode() != SQLITE_BUSY && e.getErrorCode() != SQLITE_LOCKED) throw;
            if (std::chrono::steady_clock::now() >= deadline)
                throw std::runtime_error("cannot compact " + path +
                                         ": another process has it open (serve or the console?); "
                                         "stop it and try again");
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
}

}  // namespace

CompactResult compact(const std::string& path) {
    if (!std::filesystem::exists(path)) throw std::runtime_error("no database at " + path);
    CompactResult result;
    result.bytesBefore = databaseBytes(path);
    Database db(path);
    SQLite::Database& sql = db.sql();
    result.pageSizeBefore = sql.execAndGet("PRAGMA page_size").getInt();
    // Leaving WAL needs the file to ourselves, and its exclusive lock does not go through the
    // busy handler: a reader that is there right now makes it fail at once. Trying for a second
    // tells a passing `switchboard events` from a running serve or console.
    leaveWal(sql, path);
    try {
        // VACUUM copies into a temporary database: on disk, not in the memory the connection
        // is set up with, so a large file needs free disk space (as documented), not RAM.
        sql.exec("PRAGMA temp_store=FILE");
        sql.exec("PRAGMA page_size=" + std::to_string(kPageSize));
        sql.exec("VACUUM");
    } catch (const SQLite::Exception& e) {
        const std::string reason = e.what();
        try {
            sql.exec("PRAGMA journal_mode=WAL");
        } catch (const SQLite::Exception&) {
            // The next Database to open the file sets WAL again; the VACUUM error is the news.
        }
        throw std::runtime_error("compacting " + path + " failed: " + reason);
    }
    sql.exec("PRAGMA journal_mode=WAL");
    result.pageSizeAfter = sql.execAndGet("PRAGMA page_size").getInt();
    result.bytesAfter = databaseBytes(path);
    return result;
}

}  // namespace switchboard::store
