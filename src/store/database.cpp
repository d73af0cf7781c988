#include "store/database.hpp"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <thread>

#include <SQLiteCpp/Exception.h>
#include <SQLiteCpp/Transaction.h>
#include <sqlite3.h>

#include "store/background_checkpoint.hpp"
#include "store/deferred_indexes.hpp"
#include "store/migrations.hpp"
#include "store/sql_glob.hpp"

namespace switchboard::store {

// A WAL file is a 32-byte header and, per page, a 24-byte frame header and the page.
const int64_t kWalSizeLimitBytes = 32 + int64_t{kCheckpointLimitFrames} * (24 + kPageSize);

namespace {

// SQLite counts every allocation under one process-wide mutex unless told not to; nothing here
// reads those counts (SQLite's own list of recommended options turns them off). Only takes effect
// before the library's first use; later it is a harmless no-op.
void configureSqliteOnce() {
    static const bool configured = [] {
        sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
        return true;
    }();
    (void)configured;
}

// Switching a new file to WAL takes an exclusive lock while holding a shared one, and SQLite
// answers a second connection doing the same at that moment with SQLITE_BUSY at once, without
// calling the busy handler (waiting there could deadlock). Two processes that open a new
// database together (the console and a CLI command, or two tests) meet it about once in 70
// races: the switch is tried again for up to 10 s. A file already in WAL mode needs no lock.
void enableWal(SQLite::Database& db) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    for (int attempt = 1;; ++attempt) {
        try {
            db.exec("PRAGMA journal_mode=WAL");
            return;
        } catch (const SQLite::Exception& e) {
            const bool retry =
                e.getErrorCode() == SQLITE_BUSY && std::chrono::steady_clock::now() < deadline;
            if (!retry) throw;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(std::min(attempt, 20)));
    }
}

}  // namespace

Database::Database(const std::string& path, Guard guard) : m_path(path) {
    configureSqliteOnce();
    try {
        const auto parent = std::filesystem::path(path).parent_path();
        if (!parent.empty()) std::filesystem::create_directories(parent);
        int flags = SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE;
        if (guard == Guard::NoMutex) flags |= SQLITE_OPEN_NOMUTEX;
        m_db = std::make_unique<SQLite::Database>(path, flags);
        // A busy writer in another thread or process is waited for, not reported as an error.
        m_db->setBusyTimeout(10000);
        // Only a new, empty file takes this (an existing database keeps its page size). 16 KiB
        // pages make the events indexes one level shallower than 4 KiB ones and split a quarter
        // as often: ingesting 1,000,000 events took 26 s with 4 KiB pages and 19 s with these.
        m_db->exec("PRAGMA page_size=" + std::to_string(kPageSize));
        enableWal(*m_db);
        // NORMAL is durable across application crashes in WAL mode: only an OS crash or a power
        // cut loses the last commits, which the log had not yet flushed. Whatever can send them
        // again (a file ingested, a command) does with NORMAL; a connection whose commits let the
        // broker forget messages asks for more (syncEveryCommit).
        m_db->exec("PRAGMA synchronous=NORMAL");
        // The log file otherwise keeps the largest size it ever reached (a bulk ingest leaves
        // ~130 MB beside the database for as long as the console or serve runs): the first commit
        // after the log starts over cuts the file back to the size the background checkpoint lets
        // it reach.
        m_db->exec("PRAGMA journal_size_limit=" + std::to_string(kWalSizeLimitBytes));
        m_db->exec("PRAGMA foreign_keys=ON");
        m_db->exec("PRAGMA temp_store=MEMORY");
        registerGlobFunction(*m_db);

        // The version is read again under the write lock: two processes opening a new file at
        // once (the console and a CLI command) must not both run the same migration.
        const int current = schemaVersion();
        for (const Migration& migration : migrations()) {
            if (migration.version <= current) continue;
            SQLite::Transaction tx = beginWrite();
            if (migration.version <= schemaVersion()) continue;
            m_db->exec(migration.sql);
            m_db->exec("PRAGMA user_version=" + std::to_string(migration.version));
            tx.commit();
        }
        // A killed ingest's indexes. Failing to build them (the disk is full) does not fail the
        // open: filters read the table meanwhile, and the next open tries again.
        try {
            buildAbandonedIndexes(*this);
        } catch (const std::exception&) {
        }
    } catch (const std::exception& e) {
        throw std::runtime_error("cannot open database " + path + ": " + e.what());
    }
}

Database::~Database() = default;

void Database::checkpointInBackground() {
    if (!m_checkpoint)
        m_checkpoint = std::make_unique<BackgroundCheckpoint>(m_db->getHandle(), m_path);
}

void Database::syncEveryCommit() {
    m_db->exec("PRAGMA synchronous=FULL");
}

int Database::schemaVersion() {
    return m_db->execAndGet("PRAGMA user_version").getInt();
}

std::string resolveDbPath(const std::string& explicitPath) {
    if (!explicitPath.empty()) return explicitPath;
    if (const char* env = std::getenv("SWITCHBOARD_DB"); env && *env) return env;
    std::string dataHome;
    if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg && *xdg) {
        dataHome = xdg;
    } else if (const char* home = std::getenv("HOME"); home && *home) {
        dataHome = std::string(home) + "/.local/share";
    } else {
        dataHome = ".";
    }
    return dataHome + "/switchboard/switchboard.db";
}

int64_t databaseBytes(const std::string& path) {
    int64_t total = 0;
    for (const char* suffix : {"", "-wal"}) {
        std::error_code ec;
        const auto size = std::filesystem::file_size(path + suffix, ec);
        if (!ec) total += static_cast<int64_t>(size);
    }
    return total;
}

int64_t nowMs() {
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

}  // namespace switchboard::store
