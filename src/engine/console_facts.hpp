// Facts the console's workers post to the UI thread (past tense) and commands the UI posts to
// the engine (imperative). Value types: built on one thread, moved to another through a Mailbox.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/bus_service.hpp"
#include "engine/read_model.hpp"
#include "model/event.hpp"
#include "model/field_pointer.hpp"
#include "model/job_run.hpp"
#include "store/text_search.hpp"

namespace switchboard::engine {

struct RunsLoaded { std::vector<model::JobRun> runs; };
struct AuditLoaded { std::vector<AuditEntry> rows; };
struct ConfigLoaded { ConfigSnapshot config; };
struct StatsLoaded { StoreStats stats; };

struct EventFetched {
    int64_t id = 0;
    std::optional<model::Event> event;  // nullopt when no such event (error says why)
    std::vector<model::JobRun> runs;    // runs this event caused
    nlohmann::json explanation;         // rules helper's explanation, null when unavailable
    std::string error;
};

// A quarantined message for the detail view, its bytes made readable on the command thread (a
// 10 MB binary body must not be escaped on the UI thread, nor held there whole).
struct QuarantineFetched {
    int64_t id = 0;
    bool found = false;  // false: no such row (error says why)
    int64_t receivedAt = 0;
    std::string source;  // connection name or file path
    int64_t line = 0;    // line number in a file; 0 for a bus delivery
    std::string topic, reason;
    std::string msgId;    // a bus delivery's message id; "" for a file's line
    std::string headers;  // a bus delivery's headers as JSON text; "" for a file's line
    size_t size = 0;     // bytes kept
    bool utf8 = false;   // every byte is valid UTF-8
    std::string text;    // engine::escapedText of the first kQuarantineTextBytes
    size_t textBytes = 0;  // how many bytes `text` shows
    std::string hex;     // engine::hexDump of the first kQuarantineHexBytes
    std::string error;
};
constexpr size_t kQuarantineTextBytes = 64 * 1024;
constexpr size_t kQuarantineHexBytes = 4 * 1024;

// A command's outcome, shown in the view that asked (`origin`).
struct CommandFinished {
    std::string origin;  // "detail", "runs", "lists", "rules", "connections", ...
    std::string message;
    bool ok = true;
    int64_t runId = 0;
    // The ticket ConsoleEngine::post returned for the command this answers, so that a view
    // waiting on its own save is not fooled by another command of the same origin; 0 when no
    // command asked (a bus that cannot start, a re-read finishing).
    uint64_t request = 0;
};

struct LoaderFailed { std::string error; };

// Live connection states from the bus service (about twice a second while it runs).
struct ConnectionsSeen { std::vector<ConnectionSnapshot> connections; };

// What a draft rule set would do over recent events (the rules editor's live preview).
struct RulesPreviewed {
    uint64_t generation = 0;  // the preview request it answers
    size_t events = 0;        // events evaluated
    std::vector<size_t> matchedPerRule;  // by rule position in the draft
    // Events the rule would match but never reached: an earlier rule matched them and stopped
    // evaluation; and the rule that did so most often ("" when none did).
    std::vector<size_t> notReachedPerRule;
    std::vector<std::string> stoppedBy;
    struct Hit { int64_t eventId; std::string subject, rule, job, backend; };
    std::vector<Hit> hits;    // first few hundred runs it would create
    size_t runs = 0;
    std::string error;        // the draft does not compile: names the rule
};

// A Test button's progress and result: posted once as `running` when the check starts, then
// once more with the outcome. `target` is "connection" or "backend".
struct TestReported {
    std::string target, name;
    bool running = false;
    bool ok = false;
    std::string message;
    double ms = 0;
};

// Ids from `from` to `to`, both included; empty when to < from.
struct IdRange {
    int64_t from = 1, to = 0;
    bool empty() const { return to < from; }
};

// The feed's `contains:` search, one range of ids at a time (engine/body_search.hpp): the ids in
// the ranges asked whose message text meets the search, ascending.
struct BodiesSearched {
    uint64_t generation = 0;  // the search it answers
    IdRange events, quarantined;
    std::vector<int64_t> eventIds, quarantineIds;
    std::string error;  // the store failed: the search stops and says why
};

using Fact = std::variant<FeedBatch, RunsLoaded, AuditLoaded, ConfigLoaded, StatsLoaded,
                          EventFetched, CommandFinished, LoaderFailed, ConnectionsSeen,
                          RulesPreviewed, TestReported, QuarantineFetched, BodiesSearched>;

struct FetchEvent { int64_t id = 0; };
struct FetchQuarantined { int64_t id = 0; };
// The exact bytes of a quarantined message to a file (to fix by hand and ingest again).
struct SaveQuarantined { int64_t id = 0; std::string path; };
struct FireJob {
    std::string job, backend, reason, origin = "detail";
    nlohmann::json params = nlohmann::json::object();
    int64_t eventId = 0;
    std::string rule;
};
struct StopRun { int64_t runId = 0; };
struct RetriggerRun { int64_t runId = 0; };
struct SaveList { model::TriggerList list; };
struct RemoveList { std::string name; };
struct ImportList { std::string path, name, backend; };
struct ExportList { std::string name, path; };
// Fires every active-now entry of a list (each entry's backend, else the list's).
struct FireList { std::string name; };
struct SaveRules { std::vector<model::Rule> rules; };  // the whole ordered set, one transaction
struct PreviewRules { std::vector<model::Rule> rules; uint64_t generation = 0; size_t lastEvents = 10000; };
struct AddConnection { model::Connection connection; bool replace = false; };
struct RemoveConnection { std::string name; };
struct AddBackend { model::Backend backend; bool replace = false; };  // replace: Edit's save
struct RemoveBackend { std::string name; };
struct RestartBus {};  // after connections changed: start the enabled ones again
// Connect once / ask for health once, on a worker of its own (a dead host must not hold up the
// other commands); the definition travels with the command so a draft can be tested unsaved.
struct TestConnection { model::Connection connection; };
struct TestBackend { model::Backend backend; };
// A field pointer added or removed; with `reread`, the stored `other` events are read again with
// the new set (their feed rows are reloaded as they change).
struct AddPointer { model::FieldPointer pointer; bool reread = true; };
struct RemovePointer { int64_t id = 0; bool reread = true; };
// A pointers file (engine/pointer_file.hpp) in or out; an import adds those not already here,
// all or none, and with `reread` re-reads the stored `other` events when it added any.
struct ImportPointers { std::string path; bool reread = true; };
struct ExportPointers { std::string path; };

struct SearchBodies {
    uint64_t generation = 0;
    store::TextSearch search;
    IdRange events, quarantined;
};

using Command = std::variant<FetchEvent, FireJob, StopRun, RetriggerRun, SaveList, RemoveList,
                             ImportList, ExportList, FireList, SaveRules, PreviewRules,
                             AddConnection, RemoveConnection, AddBackend, RemoveBackend,
                             RestartBus, TestConnection, TestBackend, AddPointer, RemovePointer,
                             ImportPointers, ExportPointers, FetchQuarantined, SaveQuarantined,
                             SearchBodies>;

}  // namespace switchboard::engine
