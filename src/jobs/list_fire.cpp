#include "jobs/list_fire.hpp"

#include <map>

#include "jobs/run_control.hpp"
#include "store/backend_store.hpp"
#include "store/run_store.hpp"

namespace switchboard::jobs {

namespace {

using Clock = std::chrono::steady_clock;

model::JobRun runFor(const model::TriggerList& list, const model::TriggerEntry& entry,
                     const std::string& backend, const std::string& who) {
    model::JobRun run;
    run.job = entry.job_name;
    run.backend = backend;
    run.params = entry.params.is_object() ? entry.params : nlohmann::json::object();
    run.cause = model::RunCause::Operator;
    run.reason = "lists fire " + list.name;
    run.who = who;
    return run;
}

}  // namespace

ListFireResult fireList(const std::string& dbPath, const model::TriggerList& list,
                        const ListFireOptions& options) {
    ListFireResult result;
    store::Database db(dbPath);
    store::BackendStore backends(db);
    const int64_t now = store::nowMs();

    // Which entries go where; skipped ones are told apart by why.
    std::vector<std::pair<const model::TriggerEntry*, std::string>> toFire;
    std::map<std::string, std::optional<model::Backend>> configs;
    for (const auto& entry : list.entries) {
        const auto state = model::entryState(entry, now);
        if (state != model::EntryState::Active) {
            result.skipped.push_back({entry.job_name, std::string(model::entryStateName(state))});
            continue;
        }
        const std::string backend = entry.backend.empty() ? list.backend : entry.backend;
        if (backend.empty()) {
            result.failed.push_back(
                {entry.job_name, "no backend (set one on the list or entry)", 0});
            continue;
        }
        if (!configs.count(backend)) configs[backend] = backends.get(backend);
        if (!configs[backend]) {
            result.failed.push_back({entry.job_name, "no backend named '" + backend + "'", 0});
            continue;
        }
        toFire.emplace_back(&entry, backend);
    }

    if (options.dryRun) {
        for (const auto& [entry, backend] : toFire) {
            try {
                auto made = makeBackend(*configs[backend]);
                result.previews.push_back(
                    {entry->job_name, made->preview(runFor(list, *entry, backend, options.who))});
            } catch (const std::exception& e) {
                result.failed.push_back({entry->job_name, e.what(), 0});
            }
        }
        return result;
    }

    // Health first, once per backend: a backend that is down fails its entries without sending.
    std::map<std::string, std::string> down;
    for (const auto& [name, config] : configs) {
        if (!config) continue;
        if (options.progress) options.progress("checking backend " + name + " ...");
        HealthOptions health;
        health.timeout = options.healthTimeout;
        health.interval = options.healthInterval;
        health.progress = options.progress;
        const std::string why = checkHealth(*config, health);
        if (options.progress)
            options.progress("backend " + name + (why.empty() ? ": up" : ": DOWN, " + why));
        if (!why.empty()) down[name] = why;
    }

    DispatcherOptions dopts = options.dispatcher;
    dopts.maxInFlight = std::max<size_t>(1, options.concurrency);
    dopts.follow = false;
    dopts.claimQueued = false;
    Dispatcher dispatcher(dbPath, dopts);
    store::RunStore runs(db);
    std::vector<std::pair<const model::TriggerEntry*, int64_t>> sent;
    for (const auto& [entry, backend] : toFire) {
        if (down.count(backend)) {
            result.failed.push_back(
                {entry->job_name, "backend " + backend + " is down: " + down[backend], 0});
            continue;
        }
        sent.emplace_back(entry, runs.insert(runFor(list, *entry, backend, options.who)));
    }
    dispatcher.start();
    for (const auto& item : sent) dispatcher.fire(item.second);
    const auto deadline = Clock::now() + options.fireTimeout;
    for (const auto& [entry, id] : sent) {
        const auto left =
            std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
        auto run = dispatcher.waitTriggered(id, std::max(left, std::chrono::milliseconds(0)));
        if (run && !run->last_error.empty() && run->status == model::RunStatus::Error) {
            result.failed.push_back({entry->job_name, run->last_error, id});
        } else if (run && run->status != model::RunStatus::Queued &&
                   (!run->external_id.empty() || model::isFinal(run->status))) {
            result.fired.push_back({entry->job_name, id, run->external_id});
        } else {
            result.failed.push_back({entry->job_name, "no answer in time", id});
        }
        if (options.progress) {
            const auto& last =
                result.failed.empty() || result.failed.back().runId != id
                    ? "fired " + entry->job_name
                    : "FAILED " + entry->job_name + ": " + result.failed.back().reason;
            options.progress(last);
        }
    }
    dispatcher.stop();
    return result;
}

}  // namespace switchboard::jobs
