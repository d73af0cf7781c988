// The console's re-read of stored `other` events (engine::rereadOtherEvents) on a thread of its
// own, with its own connection: adding a pointer over a store of a million events takes seconds,
// and firing a job or saving a list must not wait behind it on the command thread.
// A request made while a re-read runs cancels it between chunks and starts it over with the
// pointers as they are then, so the last change always wins and is reported once.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace switchboard::engine {

class RereadWorker {
public:
    using OnChanged = std::function<void(const std::vector<int64_t>&)>;  // ids, after each chunk
    using OnDone = std::function<void(bool ok, const std::string& message)>;

    // Both callbacks run on the worker thread. Nothing starts until the first request().
    RereadWorker(std::string dbPath, OnChanged onChanged, OnDone onDone);
    ~RereadWorker();  // stop()
    RereadWorker(const RereadWorker&) = delete;
    RereadWorker& operator=(const RereadWorker&) = delete;

    // Any thread; never blocks on the database. `cause` (what changed, "removed pointer 3") leads
    // the report, so the operator reads what was done and what it changed in one line; of
    // requests that coalesce, the last one's cause is reported.
    void request(std::string cause = "");
    void stop();     // cancels between chunks and joins; no callback runs after it returns
    bool busy() const { return m_busy.load(); }

private:
    void loop();

    std::string m_dbPath;
    OnChanged m_onChanged;
    OnDone m_onDone;
    std::thread m_thread;
    std::mutex m_mutex;
    std::condition_variable m_cv;
    bool m_pending = false;             // guarded by m_mutex
    std::string m_cause;                // guarded by m_mutex: the pending request's
    bool m_stop = false;                // guarded by m_mutex
    std::atomic<bool> m_cancel{false};  // the running re-read's stop signal
    std::atomic<bool> m_busy{false};
};

}  // namespace switchboard::engine
