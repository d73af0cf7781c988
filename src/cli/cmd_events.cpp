#include <algorithm>
#include <array>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "cli/table.hpp"
#include "model/event.hpp"
#include "model/json_dump.hpp"
#include "model/time_bound.hpp"
#include "store/database.hpp"
#include "store/event_store.hpp"

namespace switchboard::cli {

namespace {

struct EventsArgs {
    std::string kind, subject, state, topic, since, until;
    std::string product, version, arch, component, tag, source;
    std::vector<std::string> contains;
    int64_t limit = 100;
    bool count = false;
    bool json = false;
};

int64_t timeBound(const char* option, const std::string& text, model::DayEdge edge) {
    if (text.empty()) return 0;
    const auto at = model::parseTimeBound(text, store::nowMs(), model::Zone::Utc, edge);
    if (!at)
        throw UsageError{std::string(option) + ": '" + text +
                         "' is not a time: an age (30m, 2h, 3d, 1w), an ISO 8601 date or "
                         "date-time (2024-01-31, 2024-01-31T12:00:00Z) or a time of day (14:00)"};
    return *at;
}

store::EventQuery toQuery(const EventsArgs& args) {
    store::EventQuery q;
    if (!args.kind.empty()) {
        if (!model::parseKind(args.kind))
            throw UsageError{"--kind: unknown kind '" + args.kind +
                             "' (one of compose, module, package, checkout, other)"};
        q.kind = args.kind;
    }
    // 0 means "no bound" to the store; the epoch itself bounds nothing anyway.
    q.since = timeBound("--since", args.since, model::DayEdge::Start);
    q.until = timeBound("--until", args.until, model::DayEdge::End);
    if (q.since != 0 && q.until != 0 && q.until < q.since)
        throw UsageError{"--until: " + model::formatIso8601(q.until) + " is before --since " +
                         model::formatIso8601(q.since)};
    if (args.limit < 0) throw UsageError{"--limit: must be 0 (no limit) or more"};
    q.subjectGlob = args.subject;
    q.state = args.state;
    q.topicGlob = args.topic;
    q.product = args.product;
    q.version = args.version;
    q.arch = args.arch;
    q.component = args.component;
    q.tag = args.tag;
    q.source = args.source;
    for (const std::string& text : args.contains)
        if (text.empty()) throw UsageError{"--contains: give the text to look for"};
    q.contains = args.contains;
    q.limit = args.limit;
    // DESIGN section 6: a JSON line carries the whole event, the message's headers and body too.
    q.withRaw = args.json;
    return q;
}

std::string joined(const std::vector<std::string>& list) {
    std::string out;
    for (const std::string& item : list) {
        if (!out.empty()) out += ',';
        out += item;
    }
    return out;
}

// One JSON line per event, newest first, read a page at a time: with the messages' bodies in
// them, `--limit 0` over a million events would otherwise hold them all at once.
void printJsonPages(store::EventStore& events, store::EventQuery query) {
    constexpr int64_t kPage = 1000;
    int64_t left = query.limit;  // 0: no limit
    std::string out;
    for (;;) {
        query.limit = left == 0 ? kPage : std::min(left, kPage);
        const std::vector<model::Event> page = events.query(query);
        for (const model::Event& e : page) {
            out = model::dumpJson(model::toJson(e, true));
            out += '\n';
            std::cout << out;
        }
        if (static_cast<int64_t>(page.size()) < query.limit) return;
        if (left != 0 && (left -= query.limit) == 0) return;
        query.beforeId = page.back().id;
    }
}

void printTable(const std::vector<model::Event>& events) {
    Table table({"TIME", "KIND", "EVENT", "SUBJECT", "STATE", "PRODUCT", "VERSION", "ARCH",
                 "COMPONENT"});
    table.dashEmptyCells();
    for (const model::Event& e : events) {
        table.add({model::formatIso8601(e.received_at), std::string(model::kindName(e.kind)),
                   e.event, e.subject, e.state, e.product, e.version, joined(e.arch),
                   e.component});
    }
    table.print(std::cout);
}

}  // namespace

void registerEvents(CLI::App& app, Context& ctx) {
    auto args = std::make_shared<EventsArgs>();
    CLI::App* cmd = app.add_subcommand("events", "Query stored events, newest stored first");
    cmd->add_option("--kind", args->kind, "Only this kind: compose, module, package, checkout, other");
    cmd->add_option("--subject", args->subject,
                    "Subject glob (*, ?, [abc], [a-z], [!x]; case-sensitive)");
    cmd->add_option("--state", args->state, "Only this state (exact, e.g. FINISHED)");
    cmd->add_option("--topic", args->topic,
                    "Topic glob (*, ?, [abc], [a-z], [!x]; case-sensitive)");
    cmd->add_option("--product", args->product, "Only this product (exact, e.g. RHEL)");
    cmd->add_option("--version", args->version, "Only this version (exact, e.g. 9.4.0)");
    cmd->add_option("--arch", args->arch, "Only events whose arch list has this one (e.g. s390x)");
    cmd->add_option("--component", args->component, "Only this component (exact)");
    cmd->add_option("--tag", args->tag, "Only events whose tags have this one");
    cmd->add_option("--source", args->source, "Only events from this connection or file (exact)");
    cmd->add_option("--contains", args->contains,
                    "Only messages whose body or headers, as received, hold this text "
                    "(case-sensitive; also as a JSON string escapes it, such as \\u00e1 for an "
                    "a with an acute accent; repeat for several, all must appear). A scan of the "
                    "messages: about a second per million");
    cmd->add_option("--since", args->since,
                    "Only events received at or after this time: an age (2h = two hours ago; s, "
                    "m, h, d, w), an ISO 8601 date or date-time (UTC unless it has an offset) or "
                    "a time of day (today)");
    cmd->add_option("--until", args->until,
                    "Only events received at or before this time (same forms; a date alone "
                    "takes in the whole day)");
    cmd->add_option("--limit", args->limit, "At most N events (default 100; 0 = all)");
    cmd->add_flag("--count", args->count, "Print only the number of matching events");
    cmd->add_flag("--json", args->json,
                  "One JSON object per line: id, the normalized fields, and the message's "
                  "headers and body");
    cmd->footer(
        "Human output is aligned columns: time, kind, event, subject, state, product, version,\n"
        "arch, component ('-' when empty). Filters combine with AND. --count ignores --limit.");
    cmd->callback([args, &ctx] {
        const store::EventQuery query = toQuery(*args);
        store::Database db(ctx.dbPath());
        store::EventStore events(db);
        if (args->count) {
            std::cout << events.count(query) << "\n";
            return;
        }
        if (args->json) {
            printJsonPages(events, query);
            return;
        }
        printTable(events.query(query));
    });
}

}  // namespace switchboard::cli
