// The bus supervisor: one worker thread per connection that owns its Source, connects with
// exponential backoff and jitter, polls while the bounded hand-off has room (backpressure: a full
// hand-off stops polling, prefetch bounds the broker, nothing is dropped), and acknowledges only
// the deliveries the ingest side reports committed (acks flow back to the owning worker).
// Threads: start/stop/statuses/acknowledge from any thread; the ingest thread calls take();
// state changes are reported through the callback, on the worker's thread.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "bus/source.hpp"

namespace switchboard::bus {

enum class ConnState { Connecting, Up, Down, Backoff, Stopped };
const char* connStateName(ConnState state);

struct BackoffPolicy {
    double initialSeconds = 1.0;
    double maxSeconds = 60.0;
    double multiplier = 2.0;
    double jitter = 0.5;              // the delay is drawn from [d * (1 - jitter), d]
    double resetAfterUpSeconds = 10;  // a connection up this long starts again from initialSeconds
};

// Delay before reconnect attempt number `failures` (1 = after the first failure). Pure but for
// the random draw.
double backoffDelay(int failures, const BackoffPolicy& policy, std::mt19937_64& rng);

// Everything the faces show about one connection. A snapshot: copy freely.
struct ConnectionStatus {
    std::string name;
    std::string target;  // the source's describe(): URL without credentials
    ConnState state = ConnState::Connecting;
    std::string reason;         // why it is down (kept while in backoff)
    double retryInSeconds = 0;  // backoff: delay chosen for the next attempt
    int64_t changedAt = 0;      // ms since the epoch of the last state change
    int64_t lastMessageAt = 0;  // ms since the epoch; 0 = none yet
    uint64_t received = 0;      // deliveries handed to ingest
    uint64_t acked = 0;         // deliveries acknowledged to the broker
    // Messages waiting on the broker at the source's last look (Source::backlog); -1 when it
    // cannot tell (STOMP) or the connection is not up. received - acked is what is on its way
    // between the broker and the database.
    int64_t backlog = -1;
    uint64_t attempts = 0;  // connection attempts
    uint64_t failures = 0;  // attempts that failed or connections lost
};

// A fact for the faces (past tense): a connection changed state.
struct ConnectionStateChanged {
    std::string name;
    ConnState state = ConnState::Connecting;
    std::string reason;
    double retryInSeconds = 0;
    int64_t at = 0;
};

// A delivery on its way to ingest, tagged with the worker and connection generation that must ack.
struct Inbound {
    size_t worker = 0;
    uint64_t generation = 0;
    bool stampArrival = false;  // replay: received_at is the time it arrived, not the envelope's
    int64_t arrivedAt = 0;      // ms since the epoch
    Delivery delivery;
};

struct SupervisorOptions {
    BackoffPolicy backoff;
    size_t handOffCapacity = 4096;  // deliveries waiting for ingest, over every connection
    size_t pollBatch = 512;         // at most this many deliveries per poll
    std::chrono::milliseconds drainTimeout{10000};  // stop(): wait this long for the last acks
    std::function<void(const ConnectionStateChanged&)> onStateChanged;  // worker threads
};

// Builds a connection's Source on its worker thread (once per attempt). Throws SourceError or
// std::invalid_argument, which the worker shows as `down (reason)` and retries after backoff.
using SourceMaker = std::function<std::unique_ptr<Source>()>;

struct WorkerSpec {
    std::string name;
    SourceMaker make;
    bool stampArrival = false;
};

class Supervisor {
public:
    explicit Supervisor(SupervisorOptions options = {});
    ~Supervisor();
    Supervisor(const Supervisor&) = delete;
    Supervisor& operator=(const Supervisor&) = delete;

    // Before start(): adds a connection. Returns its worker index.
    size_t add(WorkerSpec spec);
    void start();

    // Stops polling everywhere, waits (bounded) for ingest to report the outstanding deliveries
    // committed and acks them, closes every source and joins. The ingest side must keep calling
    // take()/acknowledge() until stop() returns.
    void stop();

    // Ingest thread: appends to `out` up to `max` of the deliveries waiting, waiting at most
    // `timeout` for the first; returns how many it appended. How many make one transaction is the
    // ingest side's choice (IngestPipelineOptions): it parses while more arrive.
    size_t take(size_t max, std::chrono::milliseconds timeout, std::vector<Inbound>& out);

    // Ingest thread, after the transaction that stored these committed: posts the acks to the
    // owning workers. Deliveries of an older generation (the connection dropped since) are not
    // acked: the broker redelivers them and the store's unique key absorbs them.
    void acknowledge(const std::vector<Inbound>& committed);

    // Ingest thread, while it gathers a batch: whether a connection with deliveries on their way
    // to ingest may still be sent more before it acks them. False once every such connection
    // holds its whole prefetch window (Source::window): the broker sends nothing more until the
    // batch commits, so waiting for the flow to pause would only delay that commit.
    bool mayDeliverMore() const;

    std::vector<ConnectionStatus> statuses() const;
    size_t handOffSize() const;
    bool stopping() const { return m_stopping.load(); }

private:
    struct Worker;
    void runWorker(Worker& w);
    void setState(Worker& w, ConnState state, const std::string& reason, double retryIn = 0);
    bool waitFor(Worker& w, std::chrono::milliseconds delay);  // false when stopping

    SupervisorOptions m_options;
    std::vector<std::unique_ptr<Worker>> m_workers;
    std::atomic<bool> m_stopping{false};
    bool m_started = false;

    mutable std::mutex m_queueMutex;
    std::condition_variable m_queueCv;
    std::deque<Inbound> m_queue;
};

}  // namespace switchboard::bus
