// `switchboard fire`, `stop`, `runs`, `retrigger`: one job run at a time from the command line.
// fire and retrigger insert a queued run and drive it with a Dispatcher of their own, waiting a
// bounded time for the backend's answer (and, with --wait, for the outcome).
#include <iostream>

#include "cli/commands.hpp"
#include "cli/number_checks.hpp"
#include "cli/table.hpp"
#include "jobs/dispatcher.hpp"
#include "jobs/run_control.hpp"
#include "model/event.hpp"
#include "model/json_dump.hpp"
#include "store/audit_log.hpp"
#include "store/backend_store.hpp"
#include "store/database.hpp"
#include "store/run_store.hpp"

namespace switchboard::cli {

namespace {

std::string why(const model::JobRun& run) {
    switch (run.cause) {
        case model::RunCause::Rule:
            return "rule " + run.rule +
                   (run.event_id ? " (event " + std::to_string(run.event_id) + ")" : "");
        case model::RunCause::Retrigger:
            return "retrigger of run " + std::to_string(run.retrigger_of) + " by " + run.who;
        case model::RunCause::Operator:
            break;
    }
    return "operator " + run.who + (run.reason.empty() ? "" : ": " + run.reason);
}

nlohmann::json runJson(const model::JobRun& run) {
    return {{"id", run.id},
            {"job", run.job},
            {"backend", run.backend},
            {"status", std::string(model::runStatusName(run.status))},
            {"attempts", run.attempts},
            {"external_id", run.external_id},
            {"url", run.url},
            {"error", run.last_error},
            {"why", why(run)},
            {"params", run.params},
            {"created_at", model::formatIso8601(run.created_at)}};
}

void printOutcome(const model::JobRun& run) {
    std::cout << "run " << run.id << ": " << model::runStatusName(run.status);
    if (!run.external_id.empty()) std::cout << " " << run.external_id;
    if (!run.url.empty()) std::cout << " " << run.url;
    std::cout << " (attempts " << run.attempts << ")\n";
    if (!run.last_error.empty()) std::cerr << "run " << run.id << ": " << run.last_error << "\n";
}

// Sends the run, waits for the backend's answer (bounded by the request timeouts and retries) and
// with waitSeconds > 0 for the outcome. Returns the exit code.
int driveRun(Context& ctx, int64_t runId, double waitSeconds, bool verbose) {
    jobs::DispatcherOptions options;
    options.follow = waitSeconds > 0;
    options.pollInterval = std::chrono::milliseconds(3000);
    if (verbose) options.log = [](const std::string& line) { std::cerr << line << "\n"; };
    jobs::Dispatcher dispatcher(ctx.dbPath(), options);
    dispatcher.start();
    dispatcher.fire(runId);
    auto run = dispatcher.waitTriggered(runId, std::chrono::minutes(10));
    if (run && waitSeconds > 0 && !model::isFinal(run->status)) {
        auto final = dispatcher.waitFinished(
            runId, std::chrono::milliseconds(static_cast<int64_t>(waitSeconds * 1000)));
        if (final) run = final;
    }
    dispatcher.stop();
    if (!run) {
        store::Database db(ctx.dbPath());
        run = store::RunStore(db).get(runId);
    }
    if (!run) throw std::runtime_error("run " + std::to_string(runId) + " vanished");
    printOutcome(*run);
    if (waitSeconds > 0 && !model::isFinal(run->status))
        std::cerr << "run " << runId << " still " << model::runStatusName(run->status)
                  << " after --wait " << waitSeconds << " s\n";
    const bool bad = run->status == model::RunStatus::Error ||
                     run->status == model::RunStatus::Failure ||
                     run->status == model::RunStatus::Aborted;
    return bad ? kExitRuntime : kExitOk;
}

nlohmann::json parseParams(const std::vector<std::string>& pairs) {
    nlohmann::json params = nlohmann::json::object();
    for (const auto& p : pairs) {
        const size_t eq = p.find('=');
        if (eq == std::string::npos || eq == 0)
            throw UsageError{"--param wants K=V, got '" + p + "'"};
        params[p.substr(0, eq)] = p.substr(eq + 1);
    }
    return params;
}

}  // namespace

void registerJobs(CLI::App& app, Context& ctx) {
    struct FireOptions {
        std::string job, backend, reason;
        std::vector<std::string> params;
        double wait = 0;
        bool verbose = false;
    };
    auto fire = std::make_shared<FireOptions>();
    CLI::App* fireCmd = app.add_subcommand("fire", "Fire one job on a backend");
    fireCmd->add_option("JOB", fire->job, "job name (Jenkins folders as a/b)")->required();
    fireCmd->add_option("--backend", fire->backend, "backend name (see `backends list`)")
        ->required();
    fireCmd->add_option("--param", fire->params, "K=V parameter, repeatable");
    fireCmd->add_option("--reason", fire->reason, "why, recorded on the run");
    fireCmd->add_option("--wait", fire->wait, "also wait up to S seconds for the outcome")
        ->check(zeroOrMore());
    fireCmd->add_flag("-v,--verbose", fire->verbose, "log every request (credentials redacted)");
    fireCmd->callback([fire, &ctx] {
        model::JobRun run;
        run.job = fire->job;
        run.backend = fire->backend;
        run.params = parseParams(fire->params);
        run.reason = fire->reason;
        run.who = store::currentUser();
        int64_t id = 0;
        {
            store::Database db(ctx.dbPath());
            if (!store::BackendStore(db).get(fire->backend))
                throw std::runtime_error("no backend named '" + fire->backend +
                                         "' (see `backends list`)");
            id = store::RunStore(db).insert(run);
        }
        ctx.exitCode = driveRun(ctx, id, fire->wait, fire->verbose);
    });

    auto stopId = std::make_shared<int64_t>(0);
    CLI::App* stopCmd =
        app.add_subcommand("stop", "Stop a running job (Jenkins build or queue item)");
    stopCmd->add_option("RUN_ID", *stopId, "the run's id (see `runs`)")->required();
    stopCmd->callback([stopId, &ctx] {
        store::Database db(ctx.dbPath());
        try {
            const auto run = jobs::stopRunNow(db, *stopId);
            std::cout << "run " << run.id << ": "
                      << (model::isFinal(run.status) ? std::string(model::runStatusName(run.status))
                                                     : std::string("stop requested"))
                      << "\n";
        } catch (const jobs::JobError& e) {
            std::cerr << "switchboard: stop: " << e.what() << "\n";
            ctx.exitCode = kExitRuntime;
        }
    });

    struct RunsOptions {
        int64_t limit = 50;
        bool json = false;
    };
    auto runsOpts = std::make_shared<RunsOptions>();
    CLI::App* runsCmd = app.add_subcommand("runs", "Show job runs, newest first");
    runsCmd->add_option("--limit", runsOpts->limit, "rows (default 50)")
        ->check(oneOrMore());
    runsCmd->add_flag("--json", runsOpts->json, "one JSON object per line");
    runsCmd->callback([runsOpts, &ctx] {
        store::Database db(ctx.dbPath());
        const auto all = store::RunStore(db).list(runsOpts->limit);
        if (runsOpts->json) {
            for (const auto& run : all) std::cout << model::dumpJson(runJson(run)) << "\n";
            return;
        }
        Table table({"ID", "JOB", "BACKEND", "STATUS", "TRIES", "EXTERNAL_ID", "ERROR / URL"});
        table.minWidth(0, 6).minWidth(3, 8);
        for (const auto& r : all) {
            table.add({std::to_string(r.id), r.job, r.backend,
                       std::string(model::runStatusName(r.status)), std::to_string(r.attempts),
                       r.external_id, r.last_error.empty() ? r.url : r.last_error.substr(0, 120)});
        }
        table.print(std::cout);
    });

    struct RetriggerOptions {
        int64_t id = 0;
        double wait = 0;
        bool verbose = false;
    };
    auto re = std::make_shared<RetriggerOptions>();
    CLI::App* reCmd = app.add_subcommand(
        "retrigger", "Fire a run again with the same job, backend and parameters");
    reCmd->add_option("RUN_ID", re->id, "the run to repeat")->required();
    reCmd->add_option("--wait", re->wait, "also wait up to S seconds for the outcome")
        ->check(zeroOrMore());
    reCmd->add_flag("-v,--verbose", re->verbose, "log every request (credentials redacted)");
    reCmd->callback([re, &ctx] {
        int64_t id = 0;
        {
            store::Database db(ctx.dbPath());
            store::RunStore runs(db);
            auto old = runs.get(re->id);
            if (!old) throw std::runtime_error("no run " + std::to_string(re->id));
            model::JobRun run;
            run.job = old->job;
            run.backend = old->backend;
            run.params = old->params;
            run.cause = model::RunCause::Retrigger;
            run.retrigger_of = old->id;
            run.event_id = old->event_id;
            run.rule = old->rule;
            run.reason = old->reason;
            run.who = store::currentUser();
            id = runs.insert(run);
        }
        ctx.exitCode = driveRun(ctx, id, re->wait, re->verbose);
    });
}

}  // namespace switchboard::cli
