#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "cli_harness.hpp"
#include "store/database.hpp"
#include "store/event_store.hpp"

using sbtest::runCli;
using sbtest::TempDir;
using namespace switchboard;

TEST_CASE("compact rewrites the file and reports its size, and a missing database is an error") {
    TempDir t;
    {
        store::Database db(t.db());
        store::EventStore store(db);
        std::vector<model::Event> events(3);
        for (size_t i = 0; i < events.size(); ++i) {
            events[i].kind = model::Kind::Compose;
            events[i].source = "test";
            events[i].msg_id = "c" + std::to_string(i);
            events[i].received_at = 1704067200000;
            events[i].body = {{"i", i}};
        }
        REQUIRE(store.insertBatch(events).stored == 3);
    }
    auto r = runCli({"compact", "--db", t.db()});
    INFO(r.err);
    CHECK(r.code == 0);
    CHECK_THAT(r.out, Catch::StartsWith("compacted ") && Catch::Contains(" MB to "));
    CHECK(runCli({"events", "--count", "--db", t.db()}).out == "3\n");
    r = runCli({"compact", "--db", (t.dir / "none.db").string()});
    CHECK(r.code == 1);
    CHECK_THAT(r.err, Catch::Contains("no database at"));
}
