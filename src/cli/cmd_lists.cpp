// `switchboard lists import|export|show|set` (and `fire`, registered by the jobs layer).
#include <algorithm>
#include <fstream>
#include <memory>
#include <iostream>
#include <optional>
#include <sstream>

#include "cli/commands.hpp"
#include "cli/table.hpp"
#include "engine/whole_file.hpp"
#include "model/event.hpp"
#include "model/json_dump.hpp"
#include "model/trigger_list.hpp"
#include "store/database.hpp"
#include "store/list_store.hpp"

namespace switchboard::cli {

namespace {

model::TriggerList requireList(store::ListStore& lists, const std::string& name) {
    auto list = lists.get(name);
    if (!list) throw std::runtime_error("no trigger list named \"" + name + "\"");
    return *list;
}

void showList(const model::TriggerList& list, bool json) {
    const int64_t now = store::nowMs();
    if (json) {
        for (const auto& e : list.entries) {
            nlohmann::json row;
            row["job_name"] = e.job_name;
            row["active"] = e.active;
            row["active_after"] = e.active_after.empty() ? nlohmann::json(nullptr) : nlohmann::json(e.active_after);
            row["active_until"] = e.active_until.empty() ? nlohmann::json(nullptr) : nlohmann::json(e.active_until);
            row["state"] = std::string(model::entryStateName(model::entryState(e, now)));
            std::cout << model::dumpJson(row) << "\n";
        }
        return;
    }
    Table table({"JOB", "STATE", "ACTIVE", "AFTER", "UNTIL", "BACKEND"});
    table.dashEmptyCells().minWidth(1, 8).minWidth(3, 20).minWidth(4, 20);
    for (const auto& e : list.entries) {
        table.add({e.job_name, std::string(model::entryStateName(model::entryState(e, now))),
                   e.active ? "true" : "false", e.active_after, e.active_until,
                   e.backend.empty() ? list.backend : e.backend});
    }
    table.print(std::cout);
}

void showAll(store::ListStore& store, bool json) {
    const int64_t now = store::nowMs();
    const auto lists = store.all();
    Table table({"LIST", "ENTRIES", "ACTIVE", "BACKEND"});
    table.dashEmptyCells();
    for (const auto& l : lists) {
        int64_t active = 0;
        for (const auto& e : l.entries) active += model::isActiveNow(e, now) ? 1 : 0;
        if (json) {
            std::cout << model::dumpJson(nlohmann::json{{"name", l.name},
                                                 {"backend", l.backend},
                                                 {"entries", l.entries.size()},
                                                 {"active_now", active}})
                      << "\n";
        } else {
            table.add({l.name, std::to_string(l.entries.size()), std::to_string(active),
                       l.backend});
        }
    }
    if (!json) table.print(std::cout);
}

}  // namespace

void registerLists(CLI::App& app, Context& ctx) {
    CLI::App* lists = app.add_subcommand("lists", "Trigger lists: import, export, show, set, fire");
    lists->require_subcommand(1);

    struct ImportOptions {
        std::string file, name, backend;
    };
    auto imp = std::make_shared<ImportOptions>();
    CLI::App* importCmd = lists->add_subcommand(
        "import", "Create or replace a trigger list from a Gangway trigger JSON file");
    importCmd->add_option("FILE", imp->file, "JSON array of {\"job_name\", \"active\", ...}")->required();
    importCmd->add_option("--name", imp->name, "the list's name")->required();
    importCmd->add_option("--backend", imp->backend, "default backend of the list's entries");
    importCmd->callback([imp, &ctx] {
        model::TriggerList list;
        list.name = imp->name;
        list.backend = imp->backend;
        list.entries = model::parseGangwayList(engine::readFile(imp->file));
        store::Database db(ctx.dbPath());
        store::ListStore(db).importList(list);
        std::cout << "imported " << list.entries.size() << " entries into list " << list.name << "\n";
    });

    auto exportName = std::make_shared<std::string>();
    CLI::App* exportCmd = lists->add_subcommand("export", "Print a trigger list as Gangway trigger JSON");
    exportCmd->add_option("NAME", *exportName, "the list")->required();
    exportCmd->callback([exportName, &ctx] {
        store::Database db(ctx.dbPath());
        store::ListStore store(db);
        const model::TriggerList list = requireList(store, *exportName);
        std::cout << model::dumpJson(model::toGangwayJson(list.entries), 2) << "\n";
    });

    struct ShowOptions {
        std::string name;
        bool json = false;
    };
    auto show = std::make_shared<ShowOptions>();
    CLI::App* showCmd = lists->add_subcommand(
        "show", "Show every list, or one list's entries with their state (active, inactive, not-yet, expired)");
    showCmd->add_option("NAME", show->name, "the list (default: a summary of every list)");
    showCmd->add_flag("--json", show->json, "one JSON object per line");
    showCmd->callback([show, &ctx] {
        store::Database db(ctx.dbPath());
        store::ListStore store(db);
        if (show->name.empty()) showAll(store, show->json);
        else showList(requireList(store, show->name), show->json);
    });

    struct SetOptions {
        std::string name, job, active, after, until;
        bool haveAfter = false, haveUntil = false;
    };
    auto set = std::make_shared<SetOptions>();
    CLI::App* setCmd = lists->add_subcommand(
        "set", "Change one entry of a list (creating the entry, and the list, when missing)");
    setCmd->add_option("NAME", set->name, "the list")->required();
    setCmd->add_option("JOB", set->job, "the entry's job_name")->required();
    setCmd->add_option("--active", set->active, "true or false");
    CLI::Option* after = setCmd->add_option(
        "--after", set->after, "active from this date or RFC 3339 time (inclusive; UTC without offset; \"\" clears)");
    CLI::Option* until = setCmd->add_option(
        "--until", set->until, "active before this date or time (exclusive; \"\" clears)");
    setCmd->callback([set, after, until, &ctx] {
        store::EntryChange change;
        if (!set->active.empty()) {
            if (set->active == "true") change.active = true;
            else if (set->active == "false") change.active = false;
            else throw UsageError{"--active takes true or false, got \"" + set->active + "\""};
        }
        // A value that does not parse is the command line's fault: say so before the store does.
        auto bound = [](const std::string& text, const char* option) -> std::optional<int64_t> {
            if (text.empty()) return std::nullopt;
            const std::optional<int64_t> at = model::parseIso8601(text);
            if (!at)
                throw UsageError{std::string(option) + " takes a date or an RFC 3339 time, got \"" +
                                 text + "\""};
            return at;
        };
        const std::optional<int64_t> from = bound(after->count() > 0 ? set->after : "", "--after");
        const std::optional<int64_t> to = bound(until->count() > 0 ? set->until : "", "--until");
        if (from && to && *from >= *to)
            throw UsageError{"--after must come before --until"};
        if (after->count() > 0) change.active_after = set->after;
        if (until->count() > 0) change.active_until = set->until;
        store::Database db(ctx.dbPath());
        const auto entry = store::ListStore(db).setEntry(set->name, set->job, change);
        std::cout << set->name << "/" << entry.job_name << ": "
                  << model::entryStateName(model::entryState(entry, store::nowMs())) << "\n";
    });

    registerListsFire(*lists, ctx);
}

}  // namespace switchboard::cli
