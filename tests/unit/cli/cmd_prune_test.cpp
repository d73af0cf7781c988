#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "cli_harness.hpp"
#include "store/database.hpp"
#include "store/event_store.hpp"

using sbtest::runCli;
using sbtest::TempDir;
using namespace switchboard;

namespace {

// Three events from 2024 and two from now, ids 1..5 in this order.
void seed(const TempDir& t) {
    store::Database db(t.db());
    store::EventStore store(db);
    std::vector<model::Event> events;
    const int64_t at[] = {1704067200000, 1704070800000, 1704074400000, store::nowMs() - 1000,
                          store::nowMs()};
    for (int i = 0; i < 5; ++i) {
        model::Event e;
        e.kind = model::Kind::Package;
        e.subject = "bash-5.2-" + std::to_string(i);
        e.source = "test";
        e.msg_id = "m" + std::to_string(i);
        e.received_at = at[i];
        e.body = {{"i", i}};
        events.push_back(std::move(e));
    }
    REQUIRE(store.insertBatch(events).stored == 5);
}

std::string count(const TempDir& t) {
    return runCli({"events", "--count", "--db", t.db()}).out;
}

}  // namespace

TEST_CASE("prune without a bound, with a malformed age or a negative count is a usage error") {
    TempDir t;
    seed(t);
    auto r = runCli({"prune", "--db", t.db()});
    CHECK(r.code == 2);
    CHECK_THAT(r.err, Catch::Contains("--older-than AGE and/or --keep-events N"));
    r = runCli({"prune", "--older-than", "30x", "--db", t.db()});
    CHECK(r.code == 2);
    CHECK_THAT(r.err, Catch::Contains("--older-than: '30x' is not an age"));
    for (const char* count : {"-1", "0"}) {
        r = runCli({"prune", "--keep-events", count, "--db", t.db()});
        CHECK(r.code == 2);
        CHECK_THAT(r.err, Catch::Contains("--keep-events"));
    }
    CHECK(count(t) == "5\n");
}

TEST_CASE("prune --dry-run counts, prune deletes by age and by count") {
    TempDir t;
    seed(t);
    auto r = runCli({"prune", "--older-than", "30d", "--dry-run", "--db", t.db()});
    CHECK(r.code == 0);
    CHECK(r.out == "would prune 3 events and 0 quarantined messages\n");
    CHECK(count(t) == "5\n");

    r = runCli({"prune", "--older-than", "30d", "--db", t.db()});
    CHECK(r.code == 0);
    CHECK(r.out == "pruned 3 events and 0 quarantined messages\n");
    CHECK(count(t) == "2\n");

    r = runCli({"prune", "--keep-events", "1", "--db", t.db()});
    CHECK(r.code == 0);
    CHECK(r.out == "pruned 1 event and 0 quarantined messages\n");
    r = runCli({"events", "--json", "--db", t.db()});
    CHECK_THAT(r.out, Catch::Contains("\"msg_id\":\"m4\""));
    CHECK(count(t) == "1\n");
}
