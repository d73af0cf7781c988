// The console's commands, run on the engine's command thread with its own connection (never the
// event writer's): fetches for the detail view, fires and stops, and every configuration edit.
// Each edit is one store call, hence one transaction with its audit row.
#include "bus/source_factory.hpp"
#include "engine/byte_preview.hpp"
#include "engine/console_command_context.hpp"
#include "engine/console_engine.hpp"
#include "engine/console_probe.hpp"
#include "engine/pointer_file.hpp"
#include "engine/read_model_loader.hpp"
#include "engine/reread_worker.hpp"
#include "engine/rules_preview.hpp"
#include "engine/whole_file.hpp"
#include "jobs/dispatcher.hpp"
#include "model/utf8.hpp"
#include "rules/loader.hpp"
#include "rules/rule_set.hpp"
#include "store/audit_log.hpp"
#include "store/backend_store.hpp"
#include "store/connection_store.hpp"
#include "store/database.hpp"
#include "store/event_store.hpp"
#include "store/field_pointer_store.hpp"
#include "store/list_store.hpp"
#include "store/rule_store.hpp"
#include "store/run_store.hpp"
#include "store/text_search.hpp"

namespace switchboard::engine {

namespace {

CommandFinished done(std::string origin, std::string message, int64_t runId = 0) {
    return CommandFinished{std::move(origin), std::move(message), true, runId};
}
CommandFinished failed(std::string origin, std::string message) {
    return CommandFinished{std::move(origin), std::move(message), false, 0};
}

QuarantineFetched fetchQuarantined(store::EventStore& events, int64_t id) {
    QuarantineFetched out;
    out.id = id;
    const auto item = events.quarantined(id);
    if (!item) {
        out.error = "quarantined message " + std::to_string(id) + " is not in the database";
        return out;
    }
    out.found = true;
    out.receivedAt = item->received_at;
    out.source = item->source;
    out.line = item->line;
    out.topic = item->topic;
    out.reason = item->reason;
    out.msgId = item->msg_id;
    out.headers = item->headers;
    out.size = item->raw.size();
    out.utf8 = model::isUtf8(item->raw);
    out.text = escapedText(item->raw, kQuarantineTextBytes, &out.textBytes);
    out.hex = hexDump(item->raw, kQuarantineHexBytes);
    return out;
}

}  // namespace

std::optional<Fact> ConsoleEngine::handle(Command& command, bool& changed) {
    if (!m_ctx) {
        try {
            m_ctx = std::make_unique<CommandContext>(m_options.dbPath);
        } catch (const std::exception& e) {
            return LoaderFailed{e.what()};
        }
    }
    CommandContext& ctx = *m_ctx;
    auto fire = [&](const FireJob& c) -> CommandFinished {
        if (c.job.empty() || c.backend.empty()) return failed(c.origin, "a job name and a backend are needed");
        model::JobRun run;
        run.job = c.job;
        run.backend = c.backend;
        run.params = c.params;
        run.cause = c.rule.empty() ? model::RunCause::Operator : model::RunCause::Rule;
        run.rule = c.rule;
        run.reason = c.reason.empty() ? "fired from the console" : c.reason;
        run.event_id = c.eventId;
        run.who = store::currentUser();
        const int64_t id = ctx.runs.insert(run);
        m_dispatcher->fire(id);
        changed = true;
        return done(c.origin, "run " + std::to_string(id) + " fired: " + c.job + " on " + c.backend, id);
    };

    return std::visit(
        [&](auto& c) -> std::optional<Fact> {
            using T = std::decay_t<decltype(c)>;
            try {
                if constexpr (std::is_same_v<T, FetchEvent>) {
                    EventFetched out;
                    out.id = c.id;
                    out.event = ctx.events.get(c.id);
                    if (!out.event) {
                        out.error = "event " + std::to_string(c.id) + " is not in the database";
                        return out;
                    }
                    out.runs = ctx.runs.forEvent(c.id);
                    try {
                        out.explanation = rules::loadRuleSet(ctx.db).explain(*out.event, store::nowMs()).toJson();
                    } catch (const std::exception& e) {
                        out.error = std::string("rules: ") + e.what();
                    }
                    return out;
                } else if constexpr (std::is_same_v<T, FireJob>) {
                    return fire(c);
                } else if constexpr (std::is_same_v<T, StopRun>) {
                    const auto run = ctx.runs.get(c.runId);
                    if (!run) return failed("runs", "run " + std::to_string(c.runId) + " is gone");
                    m_dispatcher->stopRun(c.runId);
                    changed = true;
                    return done("runs", "stop sent for run " + std::to_string(c.runId) + " (" + run->job +
                                            " on " + run->backend + ")");
                } else if constexpr (std::is_same_v<T, RetriggerRun>) {
                    const auto old = ctx.runs.get(c.runId);
                    if (!old) return failed("runs", "run " + std::to_string(c.runId) + " is gone");
                    model::JobRun run = *old;
                    run.id = 0;
                    run.cause = model::RunCause::Retrigger;
                    run.retrigger_of = old->id;
                    run.status = model::RunStatus::Queued;
                    run.external_id.clear();
                    run.url.clear();
                    run.attempts = 0;
                    run.last_error.clear();
                    run.created_at = run.updated_at = run.finished_at = 0;
                    run.who = store::currentUser();
                    run.reason = "re-trigger of run " + std::to_string(old->id);
                    const int64_t id = ctx.runs.insert(run);
                    m_dispatcher->fire(id);
                    changed = true;
                    return done("runs", "run " + std::to_string(id) + " re-triggers run " + std::to_string(old->id), id);
                } else if constexpr (std::is_same_v<T, SaveList>) {
                    store::ListStore(ctx.db).saveList(c.list);
                    changed = true;
                    return done("lists", "saved list '" + c.list.name + "' (" + std::to_string(c.list.entries.size()) + " entries)");
                } else if constexpr (std::is_same_v<T, RemoveList>) {
                    const bool ok = store::ListStore(ctx.db).removeList(c.name);
                    changed = true;
                    return ok ? done("lists", "removed list '" + c.name + "'") : failed("lists", "no list '" + c.name + "'");
                } else if constexpr (std::is_same_v<T, ImportList>) {
                    model::TriggerList list;
                    list.name = c.name;
                    list.backend = c.backend;
                    list.entries = model::parseGangwayList(readFile(c.path));
                    store::ListStore(ctx.db).importList(list);
                    changed = true;
                    return done("lists", "imported " + std::to_string(list.entries.size()) + " entries into '" + c.name + "' from " + c.path);
                } else if constexpr (std::is_same_v<T, ExportList>) {
                    const auto list = store::ListStore(ctx.db).get(c.name);
                    if (!list) return failed("lists", "no list '" + c.name + "'");
                    writeFile(c.path, model::toGangwayJson(list->entries).dump(2) + "\n");
                    return done("lists", "exported '" + c.name + "' to " + c.path);
                } else if constexpr (std::is_same_v<T, FireList>) {
                    const auto list = store::ListStore(ctx.db).get(c.name);
                    if (!list) return failed("lists", "no list '" + c.name + "'");
                    const int64_t now = store::nowMs();
                    size_t fired = 0;
                    std::string problems;
                    for (const auto& e : list->entries) {
                        if (!model::isActiveNow(e, now)) continue;
                        FireJob f;
                        f.job = e.job_name;
                        f.backend = e.backend.empty() ? list->backend : e.backend;
                        f.params = e.params;
                        f.origin = "lists";
                        f.reason = "list " + c.name + " fired from the console";
                        const CommandFinished r = fire(f);
                        if (r.ok) ++fired;
                        else problems += "\n" + e.job_name + ": " + r.message;
                    }
                    if (!problems.empty())
                        return failed("lists", "list '" + c.name + "': fired " + std::to_string(fired) + ", failed:" + problems);
                    return done("lists", "list '" + c.name + "': fired " + std::to_string(fired) + " jobs");
                } else if constexpr (std::is_same_v<T, SaveRules>) {
                    store::RuleStore(ctx.db).replaceAll(c.rules);
                    changed = true;
                    return done("rules", "saved " + std::to_string(c.rules.size()) + " rules");
                } else if constexpr (std::is_same_v<T, PreviewRules>) {
                    RulesPreviewed out;
                    try {
                        const auto lists = store::ListStore(ctx.db).all();
                        const auto set = rules::RuleSet::compile(c.rules, lists);
                        const auto unstopped = rules::RuleSet::compile(withoutStops(c.rules), lists);
                        store::EventQuery q;
                        q.limit = static_cast<int64_t>(c.lastEvents);
                        out = previewRules(set, unstopped, c.rules.size(), ctx.events.query(q),
                                           store::nowMs());
                    } catch (const std::exception& e) {
                        out.error = e.what();
                    }
                    out.generation = c.generation;
                    return out;
                } else if constexpr (std::is_same_v<T, SearchBodies>) {
                    if (c.generation < m_newestBodySearch.load()) return std::nullopt;
                    BodiesSearched out;
                    out.generation = c.generation;
                    out.events = c.events;
                    out.quarantined = c.quarantined;
                    try {
                        SQLite::Database& sql = ctx.db.sql();
                        if (!c.events.empty())
                            out.eventIds = store::eventIdsContaining(sql, c.search, c.events.from,
                                                                     c.events.to);
                        if (!c.quarantined.empty())
                            out.quarantineIds = store::quarantineIdsContaining(
                                sql, c.search, c.quarantined.from, c.quarantined.to);
                    } catch (const std::exception& e) {
                        out.error = std::string("searching the messages failed: ") + e.what();
                    }
                    return out;
                } else if constexpr (std::is_same_v<T, AddConnection>) {
                    // The CLI's check, so that the console cannot store what `connections add`
                    // refuses (a password in the URL, a STOMP connection with no destination).
                    try {
                        bus::validateConnection(c.connection);
                    } catch (const std::invalid_argument& e) {
                        return failed("connections", "connection '" + c.connection.name +
                                                         "' not saved: " + e.what());
                    }
                    store::ConnectionStore cs(ctx.db);
                    if (c.replace) cs.update(c.connection);
                    else cs.add(c.connection);
                    changed = true;
                    startBus();
                    return done("connections", std::string(c.replace ? "updated" : "added") + " connection '" + c.connection.name + "'");
                } else if constexpr (std::is_same_v<T, RemoveConnection>) {
                    const bool ok = store::ConnectionStore(ctx.db).remove(c.name);
                    changed = true;
                    startBus();
                    return ok ? done("connections", "removed connection '" + c.name + "'")
                              : failed("connections", "no connection '" + c.name + "'");
                } else if constexpr (std::is_same_v<T, AddBackend>) {
                    // The store refuses what `backends add` refuses (no URL, a secret in it).
                    store::BackendStore backends(ctx.db);
                    if (c.replace) backends.update(c.backend);
                    else backends.add(c.backend);
                    changed = true;
                    return done("connections", std::string(c.replace ? "updated" : "added") +
                                                   " backend '" + c.backend.name + "'");
                } else if constexpr (std::is_same_v<T, RemoveBackend>) {
                    const bool ok = store::BackendStore(ctx.db).remove(c.name);
                    changed = true;
                    return ok ? done("connections", "removed backend '" + c.name + "'")
                              : failed("connections", "no backend '" + c.name + "'");
                } else if constexpr (std::is_same_v<T, AddPointer>) {
                    model::FieldPointer p = c.pointer;
                    p.id = store::FieldPointerStore(ctx.db).add(p);
                    changed = true;
                    std::string message = "pointer " + std::to_string(p.id) + ": " + model::describe(p);
                    if (!c.reread) return done("pointers", message);
                    return requestReread(message);
                } else if constexpr (std::is_same_v<T, RemovePointer>) {
                    if (!store::FieldPointerStore(ctx.db).remove(c.id))
                        return failed("pointers", "pointer " + std::to_string(c.id) + " is gone");
                    changed = true;
                    std::string message = "removed pointer " + std::to_string(c.id);
                    if (!c.reread) return done("pointers", message);
                    return requestReread(message);
                } else if constexpr (std::is_same_v<T, ImportPointers>) {
                    const auto incoming = parsePointerFile(readFile(c.path), c.path);
                    const auto counts = store::FieldPointerStore(ctx.db).importAll(incoming);
                    changed = counts.added > 0;
                    const std::string message = "imported " + pointerCount(counts.added) +
                                                " from " + c.path + ", " +
                                                std::to_string(counts.present) + " already here";
                    if (counts.added == 0 || !c.reread) return done("pointers", message);
                    return requestReread(message);
                } else if constexpr (std::is_same_v<T, FetchQuarantined>) {
                    return fetchQuarantined(ctx.events, c.id);
                } else if constexpr (std::is_same_v<T, SaveQuarantined>) {
                    const auto item = ctx.events.quarantined(c.id);
                    if (!item)
                        return failed("quarantine", "quarantined message " + std::to_string(c.id) + " is not in the database");
                    writeFile(c.path, item->raw);
                    return done("quarantine", "saved the " + std::to_string(item->raw.size()) +
                                              " bytes of quarantined message " + std::to_string(c.id) + " to " + c.path);
                } else if constexpr (std::is_same_v<T, ExportPointers>) {
                    const auto pointers = store::FieldPointerStore(ctx.db).list();
                    writeFile(c.path, pointersDocument(pointers).dump(2) + "\n");
                    return done("pointers", "exported " + pointerCount(pointers.size()) + " to " + c.path);
                } else if constexpr (std::is_same_v<T, TestConnection>) {
                    runProbe("connection", c.connection.name, "connecting...",
                             [connection = c.connection] { return probeConnection(connection); });
                    return std::nullopt;
                } else if constexpr (std::is_same_v<T, TestBackend>) {
                    runProbe("backend", c.backend.name, "checking health...",
                             [backend = c.backend] { return probeBackend(backend); });
                    return std::nullopt;
                } else {
                    startBus(true);
                    return done("connections", "connections restarted");
                }
            } catch (const std::exception& e) {
                std::string origin = "detail";
                if constexpr (std::is_same_v<T, SaveList> || std::is_same_v<T, RemoveList> ||
                              std::is_same_v<T, ImportList> || std::is_same_v<T, ExportList> ||
                              std::is_same_v<T, FireList>)
                    origin = "lists";
                else if constexpr (std::is_same_v<T, SaveRules>)
                    origin = "rules";
                else if constexpr (std::is_same_v<T, StopRun> || std::is_same_v<T, RetriggerRun>)
                    origin = "runs";
                else if constexpr (std::is_same_v<T, AddConnection> || std::is_same_v<T, RemoveConnection> ||
                                   std::is_same_v<T, AddBackend> || std::is_same_v<T, RemoveBackend> ||
                                   std::is_same_v<T, RestartBus> || std::is_same_v<T, TestConnection> ||
                                   std::is_same_v<T, TestBackend>)
                    origin = "connections";
                else if constexpr (std::is_same_v<T, AddPointer> || std::is_same_v<T, RemovePointer> ||
                                   std::is_same_v<T, ImportPointers> || std::is_same_v<T, ExportPointers>)
                    origin = "pointers";
                else if constexpr (std::is_same_v<T, SaveQuarantined>)
                    origin = "quarantine";
                else if constexpr (std::is_same_v<T, FireJob>)
                    origin = c.origin;
                if constexpr (std::is_same_v<T, FetchEvent>) {
                    EventFetched out;
                    out.id = c.id;
                    out.error = e.what();
                    return out;
                }
                if constexpr (std::is_same_v<T, FetchQuarantined>) {
                    QuarantineFetched out;
                    out.id = c.id;
                    out.error = e.what();
                    return out;
                }
                return failed(origin, e.what());
            }
        },
        command);
}

}  // namespace switchboard::engine
