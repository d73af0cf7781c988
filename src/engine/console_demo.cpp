// The demo (`switchboard --demo`): on a fresh database, most of the bundled events become the last
// two hours of history; the demo's field pointers, the example lists and rules and the demo's own
// rules are imported; a dry-run backend and a replay connection (file://...?rate=N&loop=1, the bus
// layer's replay source, which gives every looped pass fresh ids) are added, so the live feed, the
// rules, the runs and the suggestions all move with no broker and no credentials.
// Runs once on the engine's command thread, before the connections start.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>

#include "bus/amqp_url.hpp"
#include "engine/console_engine.hpp"
#include "engine/pointer_file.hpp"
#include "engine/whole_file.hpp"
#include "ingest/field_pointers.hpp"
#include "ingest/message.hpp"
#include "ingest/normalize.hpp"
#include "rules/rules_document.hpp"
#include "store/backend_store.hpp"
#include "store/connection_store.hpp"
#include "store/database.hpp"
#include "store/event_store.hpp"
#include "store/field_pointer_store.hpp"
#include "store/list_store.hpp"
#include "store/rule_store.hpp"

namespace switchboard::engine {

namespace {

namespace fs = std::filesystem;

// History with ids of its own ("#seed"), so the live replay of the same lines is not a duplicate.
void seedHistory(store::Database& db, const std::string& file) {
    store::EventStore events(db);
    if (events.count(store::EventQuery{}) > 0) return;
    std::vector<std::string> lines;
    std::ifstream in(file);
    for (std::string line; std::getline(in, line);)
        if (!line.empty()) lines.push_back(line);
    const size_t seeded = lines.size() * 7 / 10;
    const int64_t now = store::nowMs();
    std::vector<model::Event> batch;
    std::vector<store::QuarantineItem> quarantine;
    const ingest::FieldPointers pointers(store::FieldPointerStore(db).list());
    for (size_t i = 0; i < seeded; ++i) {
        const int64_t at = now - static_cast<int64_t>((seeded - i) * 7'200'000 / seeded);
        ingest::ParseResult parsed = ingest::parseLine(lines[i]);
        if (auto* error = std::get_if<ingest::ParseError>(&parsed)) {
            store::QuarantineItem bad;
            bad.received_at = at;
            bad.source = "demo";
            bad.line = static_cast<int64_t>(i + 1);
            bad.reason = error->reason;
            bad.raw = lines[i];
            quarantine.push_back(std::move(bad));
            continue;
        }
        model::Event event = ingest::normalize(std::get<ingest::Message>(parsed));
        pointers.apply(event);
        event.source = "demo";
        event.received_at = at;
        event.msg_id = (event.msg_id.empty() ? "line-" + std::to_string(i + 1) : event.msg_id) + "#seed";
        batch.push_back(std::move(event));
    }
    events.insertBatch(batch, quarantine);
}

// The demo's field pointers (a JSON array of pointers' stored form), into a database that has none
// yet: the bundled UMB messages of Errata Tool and ResultsDB are no family's, and these give them
// a subject.
void importPointers(store::Database& db, const fs::path& file, std::string& notes) {
    store::FieldPointerStore pointers(db);
    if (!pointers.list().empty() || !fs::exists(file)) return;
    try {
        pointers.importAll(parsePointerFile(readFile(file.string()), file.string()));  // all or none
    } catch (const std::exception& e) {
        notes += "\n" + std::string(e.what());  // names the file
    }
}

bool isRulesFile(const fs::path& path) {
    const std::string name = path.filename().string();
    return name.size() > 11 && name.compare(name.size() - 11, 11, ".rules.json") == 0;
}

// assets/examples/ holds `*.rules.json` rule documents (one per service they imitate) and Gangway
// trigger lists (every other `*.json`); assets/demo/ adds `*.rules.json` of its own. The example
// rules reproduce real services and mostly wait for rare events (a RHEL 8.4+ compose, a CKI
// checkout), so the demo rules match events the replay brings within its first minute, both
// `auto` ones (runs) and `suggest` ones (suggestions). The demo loads them all, the demo's rules
// first (behind the examples' stop rules some never saw an event: "Scratch builds" catches every
// ready module), each folder in file-name order, into an empty database only, so an operator's
// own edits survive the next --demo.
void importExamples(store::Database& db, const fs::path& dir, const fs::path& demoDir, std::string& notes) {
    std::error_code ec;
    std::vector<fs::path> ruleFiles, listFiles, demoRuleFiles;
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
        if (entry.path().extension() != ".json") continue;
        (isRulesFile(entry.path()) ? ruleFiles : listFiles).push_back(entry.path());
    }
    for (const auto& entry : fs::directory_iterator(demoDir, ec))
        if (isRulesFile(entry.path())) demoRuleFiles.push_back(entry.path());
    std::sort(ruleFiles.begin(), ruleFiles.end());
    std::sort(listFiles.begin(), listFiles.end());
    std::sort(demoRuleFiles.begin(), demoRuleFiles.end());
    ruleFiles.insert(ruleFiles.begin(), demoRuleFiles.begin(), demoRuleFiles.end());

    store::ListStore lists(db);
    if (lists.names().empty()) {
        for (const fs::path& path : listFiles) {
            try {
                model::TriggerList list;
                list.name = path.stem().string();
                list.backend = "dry-run";
                list.entries = model::parseGangwayList(readFile(path.string()));
                lists.importList(list);
            } catch (const std::exception& e) {
                notes += "\n" + path.string() + ": " + e.what();
            }
        }
    }
    store::RuleStore rules(db);
    if (rules.all().empty()) {
        std::vector<model::Rule> all;
        for (const fs::path& path : ruleFiles) {
            try {
                auto some = rules::parseRulesDocument(readFile(path.string()));
                all.insert(all.end(), some.begin(), some.end());
            } catch (const std::exception& e) {
                notes += "\n" + path.string() + ": " + e.what();
            }
        }
        try {
            if (!all.empty()) rules.replaceAll(all);
        } catch (const std::exception& e) {
            notes += std::string("\nexample rules: ") + e.what();
        }
    }
}

}  // namespace

void ConsoleEngine::prepareDemo() {
    const std::string file = m_options.assetsDir + "/demo/events.jsonl";
    if (!fs::exists(file)) {
        postFact(CommandFinished{"connections", "no demo events at " + file, false, 0});
        return;
    }
    std::string notes;
    try {
        store::Database db(m_options.dbPath);
        // Before the history, so that the seeded `other` events are read with them too.
        importPointers(db, fs::path(m_options.assetsDir) / "demo" / "pointers.json", notes);
        seedHistory(db, file);
        store::BackendStore backends(db);
        // The example rules name the backends those services use; in the demo every one of them
        // is a dry run, so rules fire visibly and nothing leaves the machine.
        for (const char* name : {"dry-run", "dryrun", "jenkins", "jobtrigger", "gangway", "umb"}) {
            if (backends.get(name)) continue;
            model::Backend b;
            b.name = name;
            b.type = model::BackendType::DryRun;
            backends.add(b);
        }
        importExamples(db, fs::path(m_options.assetsDir) / "examples", fs::path(m_options.assetsDir) / "demo", notes);
        // fresh=1: each launch's replay tags its ids with the launch time. The replay starts
        // again at the file's first line, and without the tag a second launch would find every
        // line the first one replayed a duplicate: the feed would stand still for minutes.
        // A demo connection from before this option gets it once; one the operator pointed
        // elsewhere is left alone.
        store::ConnectionStore connections(db);
        char rate[32];
        std::snprintf(rate, sizeof rate, "%g", m_options.demoRate);
        const std::string url = "file://" + file + "?rate=" + rate + "&loop=1&fresh=1";
        const std::optional<model::Connection> existing = connections.get("demo");
        if (!existing) {
            model::Connection c;
            c.name = "demo";
            c.url = url;
            c.staleAfterSeconds = 30;
            connections.add(c);
        } else if (bus::urlScheme(existing->url) == "file") {
            const bus::ReplayUrl replay = bus::parseReplayUrl(existing->url);
            if (replay.path == file && !replay.fresh) {
                model::Connection upgraded = *existing;
                upgraded.url = url;
                connections.update(upgraded);
            }
        }
    } catch (const std::exception& e) {
        notes += std::string("\n") + e.what();
    }
    if (!notes.empty()) postFact(CommandFinished{"connections", "demo set-up problems:" + notes, false, 0});
}

}  // namespace switchboard::engine
