// `switchboard serve`: the headless engine. Runs every enabled connection, stores and evaluates
// rules as messages arrive, logs connection state changes to stderr, serves Prometheus text on a
// loopback port when asked, and on SIGINT/SIGTERM commits and acknowledges what it holds, then
// exits 0.
#include <pthread.h>
#include <signal.h>

#include <chrono>
#include <cstdio>
#include <ctime>
#include <iostream>
#include <map>
#include <memory>
#include <optional>

#include "cli/allocator.hpp"
#include "cli/commands.hpp"
#include "cli/number_checks.hpp"
#include "cli/retention_options.hpp"
#include "cli/serve_status.hpp"
#include "engine/bus_service.hpp"
#include "engine/metrics.hpp"
#include "engine/rule_hook.hpp"
#include "jobs/dispatcher.hpp"
#include "model/event.hpp"
#include "model/time_bound.hpp"
#include "store/database.hpp"
#include "store/retention.hpp"

namespace switchboard::cli {

namespace {

struct ServeOptions {
    std::string metrics;
    std::string statusEvery = "5m";
    std::string retain;
    int64_t retainEvents = 0;
};

// How often serve prunes when asked to retain: often enough that a busy bus never runs far past
// the bound, rarely enough that the deletes stay a small share of the writer's time.
constexpr std::chrono::minutes kRetentionInterval{10};

void logLine(const std::string& text) {
    std::string stamp = model::formatIso8601(store::nowMs());
    std::fprintf(stderr, "%s %s\n", stamp.c_str(), text.c_str());
    std::fflush(stderr);
}

std::string describeChange(const bus::ConnectionStateChanged& c) {
    std::string text = "connection " + c.name + ": " + bus::connStateName(c.state);
    if (c.state == bus::ConnState::Down && !c.reason.empty()) text += " (" + c.reason + ")";
    if (c.state == bus::ConnState::Backoff) {
        char buf[64];
        std::snprintf(buf, sizeof buf, " (next try in %.1f s)", c.retryInSeconds);
        text += buf;
    }
    return text;
}

int serve(const ServeOptions& options, Context& ctx) {
    // Signals are taken by this thread with sigtimedwait: block them before any thread starts so
    // that every worker inherits the mask and none of them is interrupted.
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);

    // Every option is checked before anything starts: a bad address must not leave pruning done.
    if (!options.metrics.empty()) {
        try {
            engine::parseLoopbackAddress(options.metrics);
        } catch (const std::invalid_argument& e) {
            throw UsageError{e.what()};
        }
    }
    // "0" turns the status lines off; anything else must be an age.
    std::optional<int64_t> statusEveryMs;
    if (options.statusEvery != "0") {
        statusEveryMs = model::parseAge(options.statusEvery);
        if (!statusEveryMs)
            throw UsageError{"--status-every: '" + options.statusEvery +
                             "' is not an age (90s, 45m, 12h, 30d, 2w) or 0"};
    }
    const store::RetentionPolicy retention =
        retentionPolicy(options.retain, "--retain", options.retainEvents, "--retain-events");
    std::string dbPath = ctx.dbPath();
    engine::BusServiceOptions bo;
    bo.dbPath = dbPath;
    bo.makeHook = [](store::Database& db) -> std::unique_ptr<engine::BatchHook> {
        return std::make_unique<engine::RuleHook>(db);
    };
    bo.onError = [](const std::string& message) { logLine(message); };
    engine::BusService service(bo);

    size_t started = service.start();
    if (started == 0) {
        std::cerr << "switchboard: no enabled connections in " << dbPath
                  << " (add one with 'switchboard connections add NAME --url URL')\n";
        return kExitRuntime;
    }
    // Auto rules queue runs as events commit; the dispatcher claims and fires them.
    jobs::DispatcherOptions dopts;
    dopts.claimQueued = true;
    dopts.adoptRunning = true;
    dopts.log = [](const std::string& line) { logLine(line); };
    jobs::Dispatcher dispatcher(dbPath, dopts);
    dispatcher.start();
    logLine("serving " + std::to_string(started) + " connection(s), database " + dbPath);

    // Pruning runs beside ingest on its own connection, in short transactions.
    std::unique_ptr<store::RetentionTask> pruning;
    if (retention.prunesAnything()) {
        pruning = std::make_unique<store::RetentionTask>(
            dbPath, retention, kRetentionInterval, [](const store::RetentionTask::Pass& pass) {
                if (!pass.error.empty()) {
                    logLine("pruning failed (tried again in " +
                            std::to_string(kRetentionInterval.count()) + " min): " + pass.error);
                } else {
                    logLine("pruned " + describePrune(pass.counts));
                }
            });
    }

    std::unique_ptr<engine::MetricsServer> metrics;
    if (!options.metrics.empty()) {
        metrics = std::make_unique<engine::MetricsServer>([&service, &pruning] {
            std::string text =
                engine::renderPrometheus(service.snapshot(), store::nowMs(), service.handOffSize());
            if (pruning) text += engine::renderPruneMetrics(pruning->pruned());
            return text;
        });
        try {
            metrics->start(options.metrics);
        } catch (const std::invalid_argument& e) {
            service.stop();
            dispatcher.stop();
            throw UsageError{e.what()};
        }
        logLine("metrics on http://" + engine::parseLoopbackAddress(options.metrics).first + ":" +
                std::to_string(metrics->port()) + "/metrics");
    }

    int received = 0;
    std::map<std::string, uint64_t> storedAtLastStatus;
    auto nextStatus = std::chrono::steady_clock::now() +
                      std::chrono::milliseconds(statusEveryMs.value_or(0));
    while (received == 0) {
        timespec tick{0, 200 * 1000 * 1000};
        int sig = sigtimedwait(&signals, nullptr, &tick);
        if (sig == SIGINT || sig == SIGTERM) received = sig;
        for (const auto& change : service.takeStateChanges()) logLine(describeChange(change));
        if (statusEveryMs && std::chrono::steady_clock::now() >= nextStatus) {
            nextStatus += std::chrono::milliseconds(*statusEveryMs);
            for (const auto& connection : service.snapshot()) {
                uint64_t& before = storedAtLastStatus[connection.status.name];
                logLine(statusLine(connection, before, options.statusEvery, store::nowMs()));
                before = connection.counts.stored;
            }
        }
    }
    logLine(std::string("received ") + (received == SIGINT ? "SIGINT" : "SIGTERM") +
            ": committing and acknowledging what is in flight");
    if (metrics) metrics->stop();
    pruning.reset();
    auto snapshot = service.snapshot();
    uint64_t batches = service.batches();
    service.stop();
    dispatcher.stop();
    for (const auto& change : service.takeStateChanges()) logLine(describeChange(change));
    uint64_t stored = 0, duplicates = 0, quarantined = 0;
    for (const auto& s : snapshot) {
        stored += s.counts.stored;
        duplicates += s.counts.duplicates;
        quarantined += s.counts.quarantined;
    }
    logLine("stopped (stored " + std::to_string(stored) + ", duplicates " +
            std::to_string(duplicates) + ", quarantined " + std::to_string(quarantined) + " in " +
            std::to_string(batches) + " batches before the final commit)");
    return kExitOk;
}

}  // namespace

void registerServe(CLI::App& app, Context& ctx) {
    auto options = std::make_shared<ServeOptions>();
    CLI::App* cmd = app.add_subcommand(
        "serve", "Headless: subscribe to every enabled connection, store, evaluate rules");
    cmd->add_option("--metrics", options->metrics,
                    "Serve Prometheus text at http://ADDR/metrics (loopback only, e.g. "
                    "127.0.0.1:9100)");
    cmd->add_option("--status-every", options->statusEvery,
                    "Log each connection's state, what it stored and its backlog this often "
                    "(default 5m; 0 = never)");
    cmd->add_option(
        "--retain", options->retain,
        "Prune events and quarantined messages older than AGE (90s, 45m, 12h, 30d, 2w) at "
        "start and every 10 minutes");
    cmd->add_option("--retain-events", options->retainEvents,
                    "Prune the oldest events beyond the newest N, at start and every 10 minutes")
        ->check(oneOrMore());
    cmd->callback([options, &ctx] {
        tuneAllocator();
        ctx.exitCode = serve(*options, ctx);
    });
}

}  // namespace switchboard::cli
