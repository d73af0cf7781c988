#include "engine/reread_worker.hpp"

#include <exception>
#include <memory>
#include <utility>

#include "engine/reread_other.hpp"
#include "ingest/field_pointers.hpp"
#include "store/database.hpp"
#include "store/field_pointer_store.hpp"

namespace switchboard::engine {

RereadWorker::RereadWorker(std::string dbPath, OnChanged onChanged, OnDone onDone)
    : m_dbPath(std::move(dbPath)), m_onChanged(std::move(onChanged)), m_onDone(std::move(onDone)) {}

RereadWorker::~RereadWorker() {
    stop();
}

void RereadWorker::request(std::string cause) {
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        if (m_stop) return;
        m_pending = true;
        m_cause = std::move(cause);
        m_cancel = true;  // a re-read under way has stale pointers: stop it, the loop starts over
        if (!m_thread.joinable()) m_thread = std::thread([this] { loop(); });
    }
    m_cv.notify_all();
}

void RereadWorker::stop() {
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_stop = true;
        m_cancel = true;
    }
    m_cv.notify_all();
    if (m_thread.joinable()) m_thread.join();
}

void RereadWorker::loop() {
    std::unique_ptr<store::Database> db;
    for (;;) {
        std::string lead;  // "<cause>; " or nothing
        {
            std::unique_lock<std::mutex> lock(m_mutex);
            m_cv.wait(lock, [this] { return m_stop || m_pending; });
            if (m_stop) return;
            m_pending = false;
            if (!m_cause.empty()) lead = std::exchange(m_cause, std::string()) + "; ";
            m_cancel = false;  // under the lock: a request() after this cancels this run
        }
        m_busy = true;
        try {
            if (!db) db = std::make_unique<store::Database>(m_dbPath);
            // Read here, not at request(): the pointers as they are when this run starts.
            const ingest::FieldPointers pointers(store::FieldPointerStore(*db).list());
            RereadOptions options;
            options.cancel = &m_cancel;
            const RereadCounts counts = rereadOtherEvents(*db, pointers, options, m_onChanged);
            // Cancelled: by stop() (say nothing) or by a newer request, whose run reports.
            if (!counts.cancelled)
                m_onDone(true, lead + "re-read " + std::to_string(counts.examined) +
                                   " stored other events, " + std::to_string(counts.changed) +
                                   " changed");
        } catch (const std::exception& e) {
            db.reset();  // the next request opens a fresh connection
            m_onDone(false, lead + "re-reading the stored events failed: " + e.what());
        }
        m_busy = false;
    }
}

}  // namespace switchboard::engine
