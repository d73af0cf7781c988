// Rule evaluation cost (issue 5): with 500 rules and N events (default 1,000,000), how many events
// one core evaluates per second, and the offline ingest rate (EventStore batches of 1000) with the
// engine's rule hook after every commit, as a ratio to the same ingest with no hook. Figures only.
#include <time.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "engine/rule_hook.hpp"
#include "model/event.hpp"
#include "rules/rule_set.hpp"
#include "rules/rules_document.hpp"
#include "store/database.hpp"
#include "store/event_store.hpp"
#include "store/rule_store.hpp"

using namespace switchboard;

namespace {

const char* const kProducts[] = {"RHEL", "Fedora", "CentOS-Stream", "Fedora-Atomic", "OracleJava"};
const char* const kArches[] = {"x86_64", "aarch64", "s390x", "ppc64le"};
const char* const kStates[] = {"FINISHED", "STARTED", "DOOMED", "COMPLETE", "BUILDING", "ready", "wait"};

// Event i, the same in every phase; generated in batches so that a million events never sit in
// memory at once.
model::Event makeEvent(size_t i) {
    std::mt19937 rng(static_cast<uint32_t>(i * 2654435761u));
    model::Event e;
    e.kind = static_cast<model::Kind>(rng() % 4);
    e.event = e.kind == model::Kind::Compose ? "compose.status.change" : "build.state.change";
    e.product = kProducts[rng() % 5];
    e.version = std::to_string(7 + rng() % 4) + "." + std::to_string(rng() % 12);
    e.component = "pkg" + std::to_string(rng() % 400);
    e.subject = e.component + "-1." + std::to_string(rng() % 50) + "-1.el" + std::to_string(7 + rng() % 3);
    e.state = kStates[rng() % 7];
    e.arch = {kArches[rng() % 4], kArches[rng() % 4]};
    e.topic = "org.fedoraproject.prod.buildsys.build.state.change";
    e.source = "bench";
    e.msg_id = "m-" + std::to_string(i);
    e.received_at = 1700000000000 + static_cast<int64_t>(i);
    e.body = {{"build_id", i}, {"owner", "someone"}, {"name", e.component}, {"release", "1.el9"},
              {"extra", {{"source", "git+https://src.example/rpms/" + e.component}}}};
    return e;
}

std::vector<model::Event> makeBatch(size_t first, size_t count) {
    std::vector<model::Event> batch;
    batch.reserve(count);
    for (size_t i = 0; i < count; ++i) batch.push_back(makeEvent(first + i));
    return batch;
}

// 500 rules shaped like real ones: a kind/product gate, then component, version, regex or body
// checks; most events fail early, a few match.
std::vector<model::Rule> makeRules(size_t n) {
    std::vector<model::Rule> rules;
    for (size_t i = 0; i < n; ++i) {
        model::Rule r;
        r.name = "rule-" + std::to_string(i);
        r.mode = i % 3 == 0 ? model::RuleMode::Auto : model::RuleMode::Suggest;
        const std::string component = "pkg" + std::to_string(i % 400);
        nlohmann::json leaves = nlohmann::json::array();
        leaves.push_back({{"field", "kind"}, {"equals", i % 2 ? "package" : "compose"}});
        switch (i % 5) {
            case 0: leaves.push_back({{"field", "component"}, {"equals", component}}); break;
            case 1: leaves.push_back({{"field", "component"}, {"in", {component, "pkg" + std::to_string(i % 7)}}}); break;
            case 2: leaves.push_back({{"field", "subject"}, {"regex", "^" + component + "-1\\.[0-9]+-1\\.el9$"}}); break;
            case 3: leaves.push_back({{"field", "body:/name"}, {"equals", component}}); break;
            default: leaves.push_back({{"field", "subject"}, {"glob", component + "-*.el8"}}); break;
        }
        leaves.push_back({{"field", "product"}, {"equals", kProducts[i % 5]}});
        leaves.push_back({{"field", "version"}, {"version_ge", "8.4"}});
        leaves.push_back({{"field", "arch"}, {"in", {"x86_64", "aarch64"}}});
        r.when = {{"all", leaves}};
        r.action = {{"backend", "dryrun"},
                    {"jobs", {{{"job", "test-" + component}, {"params", {{"NVR", "${subject}"}, {"OWNER", "${body:/owner}"}}}}}}};
        rules.push_back(std::move(r));
    }
    return rules;
}

double seconds(std::chrono::steady_clock::time_point since) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

// CPU seconds this process has used: on a shared machine, wall time includes waiting for a core.
double cpuSeconds() {
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

std::string loadAverage() {
    std::ifstream in("/proc/loadavg");
    std::string a, b, c;
    in >> a >> b >> c;
    return a + " " + b + " " + c;
}

struct Rate {
    double wall = 0;  // events per wall second
    double cpu = 0;   // events per CPU second
};

// Ingests `total` events in batches of 1000 and returns events/s. Generating the batches is
// timed out of the figure.
Rate ingest(const std::string& path, size_t total, bool withRules, const std::vector<model::Rule>& rules,
            engine::RuleHookCounts& counts) {
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
    store::Database db(path);
    if (withRules) store::RuleStore(db).replaceAll(rules);
    store::EventStore eventStore(db);
    engine::RuleHook hook(db);
    double elapsed = 0, cpu = 0;
    for (size_t i = 0; i < total; i += 1000) {
        auto batch = makeBatch(i, std::min<size_t>(1000, total - i));
        const auto start = std::chrono::steady_clock::now();
        const double cpuStart = cpuSeconds();
        eventStore.insertBatch(batch);
        if (withRules) hook.onCommitted(batch);
        cpu += cpuSeconds() - cpuStart;
        elapsed += seconds(start);
    }
    counts = hook.totals();
    return {static_cast<double>(total) / elapsed, static_cast<double>(total) / cpu};
}

// Evaluates every event against the set, with the index or without; events per wall and CPU
// second, and the runs planned (the same either way).
Rate evaluateRate(const rules::RuleSet& set, size_t eventCount, bool indexed, size_t& runs) {
    runs = 0;
    double wall = 0, cpu = 0;
    for (size_t i = 0; i < eventCount; i += 10000) {
        const auto batch = makeBatch(i, std::min<size_t>(10000, eventCount - i));
        const auto start = std::chrono::steady_clock::now();
        const double cpuStart = cpuSeconds();
        for (const auto& e : batch) runs += (indexed ? set.evaluate(e, 0) : set.evaluateAll(e, 0)).size();
        cpu += cpuSeconds() - cpuStart;
        wall += seconds(start);
    }
    return {static_cast<double>(eventCount) / wall, static_cast<double>(eventCount) / cpu};
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"bench_rules: rule evaluation and ingest with rules on/off"};
    size_t eventCount = 1000000, ruleCount = 500;
    std::string dir = std::filesystem::temp_directory_path().string();
    app.add_option("--events", eventCount, "events to evaluate and ingest (default 1000000)");
    app.add_option("--rules", ruleCount, "rules (default 500)");
    app.add_option("--dir", dir, "where the temporary SQLite files go");
    CLI11_PARSE(app, argc, argv);

    const auto rules = makeRules(ruleCount);
    const auto compileStart = std::chrono::steady_clock::now();
    const auto set = rules::RuleSet::compile(rules);
    std::printf("compiled %zu rules in %.1f ms\n", set.size(), seconds(compileStart) * 1000);

    std::printf("load average at start: %s\n", loadAverage().c_str());
    std::printf("index: %zu of %zu rules keyed, the rest tried for every event\n", set.indexedCount(),
                set.enabledCount());
    size_t runsIndexed = 0, runsAll = 0;
    const Rate indexed = evaluateRate(set, eventCount, true, runsIndexed);
    const Rate full = evaluateRate(set, eventCount, false, runsAll);
    std::printf("evaluate, indexed:   %.0f events/s wall, %.0f events/CPU-s on one core (%zu runs planned)\n",
                indexed.wall, indexed.cpu, runsIndexed);
    std::printf("evaluate, every rule: %.0f events/s wall, %.0f events/CPU-s on one core (%zu runs planned)\n",
                full.wall, full.cpu, runsAll);
    std::printf("index speed-up: %.1fx per CPU second%s\n", indexed.cpu / full.cpu,
                runsIndexed == runsAll ? "" : "  ** RUN COUNTS DIFFER **");

    const std::string path = dir + "/bench_rules_" + std::to_string(::getpid()) + ".db";
    engine::RuleHookCounts off{}, on{};
    const Rate rateOff = ingest(path, eventCount, false, rules, off);
    const Rate rateOn = ingest(path, eventCount, true, rules, on);
    std::printf("ingest, rules off: %.0f events/s wall, %.0f events/CPU-s\n", rateOff.wall, rateOff.cpu);
    std::printf("ingest, rules on:  %.0f events/s wall, %.0f events/CPU-s (%lld runs, %lld suggestions)\n",
                rateOn.wall, rateOn.cpu, static_cast<long long>(on.runs), static_cast<long long>(on.suggestions));
    std::printf("ratio on/off: %.2fx wall, %.2fx per CPU second (target >= 0.90x)\n", rateOn.wall / rateOff.wall,
                rateOn.cpu / rateOff.cpu);
    std::printf("load average at end: %s\n", loadAverage().c_str());
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
    return 0;
}
