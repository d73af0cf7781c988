// The dispatcher: ONE thread driving libcurl's multi interface, so hundreds of job requests are in
// flight without a thread each and a slow server never holds up the others. It takes runs (queued
// rows of the runs table) by id, sends them through their backend with retries and backoff, logs
// every attempt on the run, and polls running runs for status at a bounded rate.
//
// Threads: start/stop and the waits are for the owner (the CLI's main thread, or the engine);
// fire() and stopRun() may be called from any thread (they post to a Mailbox and wake the loop);
// the fact callback runs on the dispatcher's thread and must only post somewhere and return.
// The dispatcher opens its own Database connection.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "model/job_run.hpp"

namespace switchboard::jobs {

struct DispatcherOptions {
    size_t maxInFlight = 100;  // requests at once, across every backend
    int maxAttempts = 3;       // per run, for connection errors, timeouts and 5xx
    // The wait before retry N is backoff * 2^(N-1), give or take `jitter` of it, so many runs
    // failing together do not come back together.
    std::chrono::milliseconds backoff{2000};
    double jitter = 0.25;
    std::chrono::milliseconds pollInterval{10000};  // between status polls of one running run
    double maxPollsPerSecond = 20;                  // across every run
    int maxPollFailures = 20;  // consecutive failed polls before the run is given up as error
    bool follow = true;        // poll runs until final; false: done once the backend accepted
    bool claimQueued = false;  // also take every queued run found in the table (serve, GUI)
    std::chrono::milliseconds scanInterval{2000};
    bool adoptRunning = false;  // at start, follow runs a previous process left running
    // Log lines (Authorization and other secrets never appear in them). Dispatcher thread.
    std::function<void(const std::string&)> log;
};

// A fact about a run, reported from the dispatcher's thread (past tense, as STYLE says).
struct RunFact {
    enum class Kind {
        Updated,    // attempts, error, ids or status changed; the run goes on
        Triggered,  // the backend accepted it (it may go on running)
        Finished,   // final: success, failure, aborted or error
    };
    Kind kind = Kind::Updated;
    model::JobRun run;
};

class Dispatcher {
public:
    using FactSink = std::function<void(const RunFact&)>;

    Dispatcher(std::string dbPath, DispatcherOptions options = {}, FactSink onFact = {});
    ~Dispatcher();  // stops
    Dispatcher(const Dispatcher&) = delete;
    Dispatcher& operator=(const Dispatcher&) = delete;

    void start();
    // Ends the thread; runs still in flight stay running in the table (a later dispatcher with
    // adoptRunning picks up those with an external id).
    void stop();

    // Any thread. Sends this run (it must be queued; a running run with an external id is
    // followed instead).
    void fire(int64_t runId);
    // Any thread. Stops a running build or cancels a queued item. The outcome (or why the
    // backend cannot, as Gangway cannot) lands on the run's last_error and in a fact.
    void stopRun(int64_t runId);

    // Owner thread. Blocks until the backend accepted the run (or it is final) / until it is
    // final, or the timeout passes. Returns the run as last known; nullopt when nothing yet.
    std::optional<model::JobRun> waitTriggered(int64_t runId, std::chrono::milliseconds timeout);
    std::optional<model::JobRun> waitFinished(int64_t runId, std::chrono::milliseconds timeout);

    struct Stats {
        uint64_t requests = 0;  // HTTP requests completed (any outcome)
        uint64_t cpuNs = 0;     // CPU time of the dispatcher's thread
    };
    Stats stats() const;

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

}  // namespace switchboard::jobs
