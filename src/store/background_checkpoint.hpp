// Moves WAL checkpoints off a writing connection onto a thread of their own. SQLite's automatic
// checkpoint runs inside the COMMIT that crosses its threshold, so the writer (file ingest, the
// bus pipeline) stops to copy the log into the database; here the commit only wakes this thread,
// which runs a PASSIVE checkpoint on its own connection while the writer goes on.
// Threads: construct and destroy on the writer's thread; the hook runs there too (it only signals).
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>

struct sqlite3;

namespace switchboard::store {

class BackgroundCheckpoint {
public:
    // `writer` is the connection whose commits fill the log; `path` its database file. Throws
    // std::runtime_error when the checkpoint connection cannot be opened.
    BackgroundCheckpoint(sqlite3* writer, const std::string& path, int thresholdFrames = 1000);
    // Joins the thread and gives the writer its automatic checkpoint back.
    ~BackgroundCheckpoint();
    BackgroundCheckpoint(const BackgroundCheckpoint&) = delete;
    BackgroundCheckpoint& operator=(const BackgroundCheckpoint&) = delete;

    uint64_t checkpointsRun() const { return m_runs.load(); }  // any thread

private:
    static int onCommit(void* self, sqlite3* db, const char* schema, int frames);
    void run();

    sqlite3* m_writer;
    sqlite3* m_own = nullptr;
    const int m_threshold;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_pending = false;
    bool m_stop = false;
    std::atomic<uint64_t> m_runs{0};
    std::thread m_thread;
};

}  // namespace switchboard::store
