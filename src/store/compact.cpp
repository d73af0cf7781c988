#include "store/compact.hpp"

#include <filesystem>
#include <stdexcept>

#include <SQLiteCpp/Exception.h>

#include "store/database.hpp"

namespace switchboard::store {

namespace {

// The page size every new database gets (Database's constructor sets it on an empty file).
constexpr int kPageSize = 16384;

int64_t bytesOnDisk(const std::string& path) {
    int64_t total = 0;
    for (const char* suffix : {"", "-wal"}) {
        std::error_code ec;
        const auto size = std::filesystem::file_size(path + suffix, ec);
        if (!ec) total += static_cast<int64_t>(size);
    }
    return total;
}

}  // namespace

CompactResult compact(const std::string& path) {
    if (!std::filesystem::exists(path)) throw std::runtime_error("no database at " + path);
    CompactResult result;
    result.bytesBefore = bytesOnDisk(path);
    Database db(path);
    SQLite::Database& sql = db.sql();
    result.pageSizeBefore = sql.execAndGet("PRAGMA page_size").getInt();
    // Another connection makes leaving WAL fail with "database is locked" once the busy timeout
    // ran out: a second is plenty to tell a running serve from a passing reader.
    sql.setBusyTimeout(1000);
    try {
        // A page size only changes outside WAL mode, and leaving it needs the file to ourselves.
        sql.exec("PRAGMA journal_mode=DELETE");
    } catch (const SQLite::Exception& e) {
        throw std::runtime_error("cannot compact " + path +
                                 ": another process has it open (serve or the console?); stop it "
                                 "and try again (" +
                                 e.getErrorStr() + ")");
    }
    try {
        sql.exec("PRAGMA page_size=" + std::to_string(kPageSize));
        sql.exec("VACUUM");
    } catch (const SQLite::Exception& e) {
        sql.exec("PRAGMA journal_mode=WAL");
        throw std::runtime_error("compacting " + path + " failed: " + e.what());
    }
    sql.exec("PRAGMA journal_mode=WAL");
    result.pageSizeAfter = sql.execAndGet("PRAGMA page_size").getInt();
    result.bytesAfter = bytesOnDisk(path);
    return result;
}

}  // namespace switchboard::store
