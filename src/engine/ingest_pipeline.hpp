// The live ingest path: takes deliveries from the supervisor's hand-off, parses and normalizes
// them, stores events and quarantine rows in ONE transaction per batch, together with what the
// batch hook (rules) writes for them, and only then sends the acks back to the owning workers.
// The database's field pointers apply to `other` events; an edit takes effect from the next
// batch. Re-deliveries hit the store's unique key and are acked without a second row;
// unparseable messages are quarantined (keyed the same way, with their headers) and acked. A failed
// commit is retried, never acked. Threads: start/stop/counters from the owner; process() runs on
// the pipeline's own thread (or on the caller's, in tests that drive it without start()).
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "bus/supervisor.hpp"
#include "engine/batch_hook.hpp"
#include "ingest/field_pointers.hpp"
#include "ingest/message.hpp"
#include "model/event.hpp"
#include "store/database.hpp"
#include "store/event_store.hpp"
#include "store/field_pointer_store.hpp"

namespace switchboard::engine {

struct IngestCounters {
    uint64_t stored = 0;
    uint64_t duplicates = 0;
    uint64_t quarantined = 0;
};

struct IngestPipelineOptions {
    std::string dbPath;
    size_t batchMax = 2000;  // at most this many deliveries per transaction
    // While deliveries keep coming, the pipeline parses what has arrived and waits for more before
    // it commits: up to gatherTarget of them, until the flow pauses for gatherGap, for at most
    // gatherWindow after the first, and only while a connection may still send more (once each
    // one holds its whole prefetch window, nothing comes until this batch commits and acks: a
    // STOMP subscription's default window is 100). One transaction and one multiple-ack then
    // cover many messages (a commit writes each index page it touched, whatever the number of
    // rows), and the thread waits only when there is nothing to parse. The target stays below
    // the AMQP window (model::kDefaultPrefetch) so that the broker keeps sending while a batch
    // commits.
    // bench/bus, 200,000 messages: with a 2 ms gap and a 50 ms window, batches ended at ~700
    // messages (the broker, sharing two cores, pauses its deliveries for longer than 2 ms), and
    // each commit rewrote ~175 16 KiB pages whatever its size. With these, batches of ~1,400 ran
    // at 26,900 msg/s per CPU second against 24,600 (means of 11 and 10 interleaved runs), at the
    // same wall rate. A message waits at most gatherWindow before it is stored, acked and shown.
    size_t gatherTarget = 1800;
    std::chrono::milliseconds gatherGap{20};
    std::chrono::milliseconds gatherWindow{200};
    ingest::Limits limits;
    // Built once on the pipeline thread with the pipeline's own Database (the rules hook needs
    // the connection that committed). Null: no hook.
    std::function<std::unique_ptr<BatchHook>(store::Database&)> makeHook;
    std::function<void(const std::string&)> onError;  // commit failures, for logs; pipeline thread
};

class IngestPipeline {
public:
    // Opens (and migrates) the database; throws std::runtime_error naming it.
    IngestPipeline(bus::Supervisor& supervisor, IngestPipelineOptions options);
    ~IngestPipeline();
    IngestPipeline(const IngestPipeline&) = delete;
    IngestPipeline& operator=(const IngestPipeline&) = delete;

    void start();
    // Call after Supervisor::stop() returned: commits what is left in the hand-off and joins.
    void stop();

    // One batch: waits at most `timeout` for deliveries; returns how many it handled. Only on the
    // thread that owns the pipeline (its own after start()).
    size_t processOnce(std::chrono::milliseconds timeout);

    std::map<std::string, IngestCounters> counters() const;  // any thread
    IngestCounters totals() const;                           // any thread
    std::string lastError() const;                           // any thread
    // Transactions that stored deliveries: deliveries / batches is the commit size.
    uint64_t batchesCommitted() const { return m_batches.load(); }  // any thread

private:
    void run();
    bool commit(std::vector<model::Event>& events, std::vector<store::QuarantineItem>& quarantine,
                const std::vector<store::RawText>& raw, store::InsertCounts& counts);
    // Re-reads the field pointers when another connection (the console, `pointers add`) changed
    // them: one small query per batch.
    void refreshPointers();
    // Parses batch[from..] into the batch's rows (m_events, m_quarantine, m_raw).
    void parse(std::vector<bus::Inbound>& batch, size_t from);

    bus::Supervisor& m_supervisor;
    IngestPipelineOptions m_options;
    std::unique_ptr<store::Database> m_db;
    std::unique_ptr<store::EventStore> m_store;
    std::unique_ptr<store::FieldPointerStore> m_pointerStore;  // refreshPointers()
    std::unique_ptr<BatchHook> m_hook;
    bool m_hookMade = false;
    ingest::FieldPointers m_pointers;
    std::string m_pointersVersion;
    std::thread m_thread;
    // One batch's deliveries and rows, reused (processOnce).
    std::vector<bus::Inbound> m_batch;
    std::vector<model::Event> m_events;
    std::vector<store::QuarantineItem> m_quarantine;
    std::vector<store::RawText> m_raw;
    std::atomic<bool> m_stop{false};
    std::atomic<uint64_t> m_batches{0};

    mutable std::mutex m_countersMutex;
    std::map<std::string, IngestCounters> m_counters;
    std::string m_lastError;
};

}  // namespace switchboard::engine
