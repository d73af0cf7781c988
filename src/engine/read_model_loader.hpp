// The console's loader: a thread with its OWN read-only SQLite connection that loads feed history
// (newest first, in chunks, so the first frame needs only the first chunk), then follows the
// tables: new events and quarantine rows by id watermark, rows whose facets were rewritten (by
// any process), runs, audit and configuration when they change. It never blocks the UI: everything goes out through `post` as Facts.
// start/stop from the owning (UI) thread; the rest runs on the loader thread.
#pragma once

#include <atomic>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "engine/console_facts.hpp"

namespace switchboard::engine {

struct LoaderOptions {
    std::string dbPath;
    size_t historyLimit = 1'000'000;  // rows of history held at most
    size_t firstChunk = 20'000;       // loaded before anything else, for a fast first frame
    size_t chunk = 100'000;
    int pollMs = 100;                 // how often the tail is checked while events arrive
    int quietPollMs = 1000;           // ... and once the database has been quiet for a while
};

class ReadModelLoader {
public:
    ReadModelLoader(LoaderOptions options, std::function<void(Fact)> post);
    ~ReadModelLoader();
    void start();
    void stop();
    // Check the tables now (after a command changed them, or rewrote events' facets: the rows
    // store::updateFacets noted are read again and posted as a replacing FeedBatch).
    void poke();
    // Events were committed in this process: when the loader has slowed to its quiet poll,
    // check the tail now instead of up to quietPollMs later. Cheap; any thread.
    void eventsCommitted();
    // Whether the loader has slowed to its quiet poll (tests wait for it instead of sleeping).
    bool quiet();
    // Read the newest historyLimit events again into a fresh pool and post them as one reset
    // batch (ReadModel::needsCompaction asked for it). Any thread; the loader does it next turn.
    void compact();

private:
    void run();

    LoaderOptions m_options;
    std::function<void(Fact)> m_post;
    std::thread m_thread;
    std::mutex m_mutex;
    std::condition_variable m_cv;
    bool m_stop = false, m_poked = false, m_compact = false;
    bool m_quiet = false, m_committed = false;  // quiet poll mode; a commit arrived meanwhile
};

}  // namespace switchboard::engine
