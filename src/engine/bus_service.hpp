// The live bus engine every face uses (`serve`, the console): starts one worker per enabled
// connection from the store, the ingest pipeline behind them, and reports connection states.
// Threads: construct/start/stop on the owner's thread; snapshot() and takeStateChanges() from any
// thread.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "bus/supervisor.hpp"
#include "engine/ingest_pipeline.hpp"
#include "engine/mailbox.hpp"
#include "model/connection.hpp"

namespace switchboard::engine {

struct BusServiceOptions {
    std::string dbPath;
    bus::BackoffPolicy backoff;
    size_t handOffCapacity = 4096;
    size_t batchMax = 2000;
    // serve logs every state change (takeStateChanges); the console shows states from snapshot()
    // only, and keeps none: nobody would take them, and a flapping connection piled them up.
    bool keepStateChanges = true;
    // The rules hook, built on the pipeline thread with its Database (see IngestPipelineOptions).
    std::function<std::unique_ptr<BatchHook>(store::Database&)> makeHook;
    std::function<void(const std::string&)> onError;  // pipeline thread
};

// One connection as the faces show it: the supervisor's state plus the ingest counters.
struct ConnectionSnapshot {
    bus::ConnectionStatus status;
    IngestCounters counts;
    int staleAfterSeconds = 0;
};

class BusService {
public:
    explicit BusService(BusServiceOptions options);
    ~BusService();
    BusService(const BusService&) = delete;
    BusService& operator=(const BusService&) = delete;

    // Reads the enabled connections from the store and starts them. Returns how many started.
    // Throws std::runtime_error when the database cannot be opened.
    size_t start();
    // Starts exactly these connections (tests, and callers that hold definitions themselves).
    size_t start(const std::vector<model::Connection>& connections);

    // Stops polling, commits and acks what is in flight (bounded), closes, joins. Idempotent.
    void stop();

    std::vector<ConnectionSnapshot> snapshot() const;
    // Every state change since the last call, oldest first.
    std::vector<bus::ConnectionStateChanged> takeStateChanges() { return m_changes.takeAll(); }
    size_t handOffSize() const;
    uint64_t batches() const;  // transactions ingest committed (one per hand-off batch)
    bool running() const { return m_supervisor != nullptr; }

private:
    BusServiceOptions m_options;
    std::vector<model::Connection> m_connections;
    Mailbox<bus::ConnectionStateChanged> m_changes;
    std::unique_ptr<bus::Supervisor> m_supervisor;
    std::unique_ptr<IngestPipeline> m_pipeline;
};

}  // namespace switchboard::engine
