// The console's loader: a thread with its OWN read-only SQLite connection that loads feed history
// (newest first, in chunks, so the first frame needs only the first chunk), then follows the
// tables: new events and quarantine rows by id watermark, runs, audit and configuration when they
// change. It never blocks the UI: everything goes out through `post` as Facts.
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
    void poke();  // check the tables now (after a command changed them)
    // Events were committed in this process: when the loader has slowed to its quiet poll,
    // check the tail now instead of up to quietPollMs later. Cheap; any thread.
    void eventsCommitted();
    // These stored events changed in place (store::updateFacets): read them again and post them
    // as a replacing FeedBatch. Any thread.
    void reloadRows(const std::vector<int64_t>& ids);

private:
    void run();

    LoaderOptions m_options;
    std::function<void(Fact)> m_post;
    std::thread m_thread;
    std::mutex m_mutex;
    std::condition_variable m_cv;
    bool m_stop = false, m_poked = false;
    bool m_quiet = false, m_committed = false;  // quiet poll mode; a commit arrived meanwhile
    std::vector<int64_t> m_reload;               // ids waiting for reloadRows' re-read
};

}  // namespace switchboard::engine
