// Opens the Switchboard SQLite file, sets it up for concurrent readers (WAL) and brings its schema
// up to date with numbered migrations recorded in PRAGMA user_version.
// A Database is used by one thread at a time; each thread that needs the store opens its own.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Transaction.h>

namespace switchboard::store {

class BackgroundCheckpoint;

// The page size every new database gets (an existing file keeps its own; `compact` converts it).
constexpr int kPageSize = 16384;

// What the write-ahead log file is cut back to once it starts over (PRAGMA journal_size_limit):
// the size of the log the background checkpoint lets grow (kCheckpointLimitFrames pages).
extern const int64_t kWalSizeLimitBytes;

// Whether SQLite guards the connection itself. Every Database is used by one thread at a time, but
// by default SQLite still takes the connection's mutex around every call, in case; a caller that
// knows no other thread ever holds its connection (`switchboard ingest`) can say so and skip
// those locks, about 2 % of an ingest's CPU. Not for a connection a worker might share.
enum class Guard { Mutex, NoMutex };

class Database {
public:
    // Opens (creating when missing, with its parent directories) and migrates. Throws
    // std::runtime_error naming the path on failure.
    explicit Database(const std::string& path, Guard guard = Guard::Mutex);
    ~Database();
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    SQLite::Database& sql() { return *m_db; }
    const std::string& path() const { return m_path; }
    int schemaVersion();

    // A transaction that takes the write lock at BEGIN; every transaction that writes starts with
    // this. A deferred one reads under a snapshot and asks for the lock at its first write, and
    // when another connection wrote in between, SQLite fails it at once with SQLITE_BUSY instead
    // of waiting (waiting could not help: the snapshot is stale). The console writes one file
    // from four connections (bus, dispatcher, commands, re-read), so that happens.
    SQLite::Transaction beginWrite() {
        return SQLite::Transaction(*m_db, SQLite::TransactionBehavior::IMMEDIATE);
    }

    // For a connection whose commit is followed by acknowledging the messages to a broker, which
    // then forgets them: every commit reaches the disk (the log is flushed) before it returns, so
    // an OS crash or a power cut cannot lose what was acknowledged. One flush per batch.
    void syncEveryCommit();
    // For a connection that writes in bulk: its commits no longer copy the log into the database
    // themselves; a thread of this Database's does (store/background_checkpoint.hpp). Idempotent.
    void checkpointInBackground();

private:
    std::string m_path;
    std::unique_ptr<SQLite::Database> m_db;
    std::unique_ptr<BackgroundCheckpoint> m_checkpoint;  // after m_db: stopped before it closes
};

// The database path the CLI and GUI use: the explicit one when given, else $SWITCHBOARD_DB, else
// $XDG_DATA_HOME/switchboard/switchboard.db (XDG_DATA_HOME defaulting to ~/.local/share).
std::string resolveDbPath(const std::string& explicitPath);

// The bytes a database takes on disk: its file and its WAL; 0 for either that is missing.
int64_t databaseBytes(const std::string& path);

// Milliseconds since the epoch, UTC: the time unit of every column named *_at.
int64_t nowMs();

}  // namespace switchboard::store
