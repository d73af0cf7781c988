#include "store/background_checkpoint.hpp"

#include <algorithm>
#include <climits>
#include <cstdint>
#include <stdexcept>

#include <sqlite3.h>

namespace switchboard::store {

BackgroundCheckpoint::BackgroundCheckpoint(sqlite3* writer, const std::string& path,
                                           int thresholdFrames, int limitFrames)
    : m_writer(writer),
      m_threshold(thresholdFrames),
      m_limit(limitFrames > 0
                  ? limitFrames
                  : static_cast<int>(std::min<int64_t>(
                        INT_MAX, int64_t{kCheckpointLimitFrames / kCheckpointThresholdFrames} *
                                     thresholdFrames))) {
    const int rc = sqlite3_open_v2(path.c_str(), &m_own, SQLITE_OPEN_READWRITE, nullptr);
    if (rc != SQLITE_OK) {
        const std::string reason = m_own ? sqlite3_errmsg(m_own) : sqlite3_errstr(rc);
        sqlite3_close(m_own);
        throw std::runtime_error("cannot open " + path + " for checkpoints: " + reason);
    }
    // A checkpoint that meets a busy lock gives up and is tried after the next commit.
    sqlite3_busy_timeout(m_own, 0);
    // A connection opens the log at its first read; before that, SQLite 3.40 (Debian 12) makes a
    // checkpoint request a silent no-op.
    sqlite3_exec(m_own, "PRAGMA schema_version", nullptr, nullptr, nullptr);
    m_thread = std::thread([this] { run(); });
    // Replaces the automatic checkpoint, which SQLite implements as this same hook.
    sqlite3_wal_hook(m_writer, &BackgroundCheckpoint::onCommit, this);
}

BackgroundCheckpoint::~BackgroundCheckpoint() {
    sqlite3_wal_autocheckpoint(m_writer, 1000);  // also removes our hook
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_stop = true;
    }
    m_wake.notify_one();
    m_thread.join();
    sqlite3_close(m_own);
}

int BackgroundCheckpoint::onCommit(void* self, sqlite3*, const char*, int frames) {
    auto* me = static_cast<BackgroundCheckpoint*>(self);
    // Fewer frames than at the last request: the log started over.
    if (frames < me->m_framesAtLastRequest) me->m_framesAtLastRequest = 0;
    if (frames >= me->m_limit) {
        me->catchUp();
        return SQLITE_OK;
    }
    if (frames - me->m_framesAtLastRequest < me->m_threshold) return SQLITE_OK;
    me->m_framesAtLastRequest = frames;
    {
        std::lock_guard<std::mutex> lock(me->m_mutex);
        me->m_pending = true;
    }
    me->m_wake.notify_one();
    return SQLITE_OK;
}

void BackgroundCheckpoint::catchUp() {
    // Two checkpoints never run at once. While the thread copies, the writer does not wait for it:
    // it cancels the thread's next run and goes on, and a later commit finds the thread idle. Then
    // only the frames since the thread's last run are left to copy, under the lock so that no run
    // starts meanwhile. With every frame copied, the next write transaction starts the log over
    // (unless a reader still reads its end: then the next commit tries again).
    std::lock_guard<std::mutex> lock(m_mutex);
    m_pending = false;
    if (m_running) return;
    sqlite3_wal_checkpoint_v2(m_writer, nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
    m_framesAtLastRequest = 0;
    ++m_catchUps;
}

void BackgroundCheckpoint::run() {
    std::unique_lock<std::mutex> lock(m_mutex);
    for (;;) {
        m_wake.wait(lock, [this] { return m_pending || m_stop; });
        if (m_stop) return;
        m_pending = false;
        m_running = true;
        lock.unlock();
        // PASSIVE never waits for readers or the writer; what it cannot copy now is copied by
        // the next one. A failure (a busy lock) is not an error of anyone's data.
        sqlite3_wal_checkpoint_v2(m_own, nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
        ++m_runs;
        lock.lock();
        m_running = false;
    }
}

}  // namespace switchboard::store
