// Moves WAL checkpoints off a writing connection onto a thread of their own, and keeps the log
// from growing without end while the writer never pauses.
// SQLite's automatic checkpoint runs inside the COMMIT that crosses its threshold, so the writer
// (file ingest, the bus pipeline) stops to copy the log into the database. Here a commit only wakes
// this thread, which runs a PASSIVE checkpoint on its own connection while the writer goes on.
// Two things follow from the writer going on, and both are handled here:
// - The log starts over only when a checkpoint has copied all of it before the next write, which a
//   checkpoint racing a busy writer never manages: a 300,000-message ingest grew a 160 MB log. Once
//   the log holds `limitFrames`, the thread's further runs are cancelled, the first commit that
//   finds the thread idle copies the rest itself, and the next transaction writes the log from
//   its start again.
// - A checkpoint copies each page once, its newest frame. Asked after every commit past the
//   threshold, it copied each commit's frames, so a page rewritten by every commit (an index leaf)
//   went to the database every time. Each run is now asked for after `thresholdFrames` NEW frames.
// Threads: construct and destroy on the writer's thread; the hook runs there too.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>

struct sqlite3;

namespace switchboard::store {

// How many new log frames wake a checkpoint run, and how many the log may hold before the writer
// copies the rest itself, unless a caller asks for other figures.
constexpr int kCheckpointThresholdFrames = 1000;
constexpr int kCheckpointLimitFrames = 4 * kCheckpointThresholdFrames;

class BackgroundCheckpoint {
public:
    // `writer` is the connection whose commits fill the log; `path` its database file. A
    // `limitFrames` of 0 means four times the threshold. Throws std::runtime_error when the
    // checkpoint connection cannot be opened.
    BackgroundCheckpoint(sqlite3* writer, const std::string& path,
                         int thresholdFrames = kCheckpointThresholdFrames, int limitFrames = 0);
    // Joins the thread and gives the writer its automatic checkpoint back.
    ~BackgroundCheckpoint();
    BackgroundCheckpoint(const BackgroundCheckpoint&) = delete;
    BackgroundCheckpoint& operator=(const BackgroundCheckpoint&) = delete;

    uint64_t checkpointsRun() const { return m_runs.load(); }   // any thread
    uint64_t catchUpsRun() const { return m_catchUps.load(); }  // by the writer, at the limit

private:
    static int onCommit(void* self, sqlite3* db, const char* schema, int frames);
    void catchUp();
    void run();

    sqlite3* m_writer;
    sqlite3* m_own = nullptr;
    const int m_threshold;
    const int m_limit;
    int m_framesAtLastRequest = 0;  // writer's thread only
    std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_pending = false;
    bool m_running = false;
    bool m_stop = false;
    std::atomic<uint64_t> m_runs{0};
    std::atomic<uint64_t> m_catchUps{0};
    std::thread m_thread;
};

}  // namespace switchboard::store
