// Searching the messages' own text (store/text_search.hpp): which events hold a text in their
// body or headers as received, which quarantined lines hold it in their bytes, within an id range.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "../package_event.hpp"
#include "../temp_dir.hpp"
#include "store/database.hpp"
#include "store/event_store.hpp"
#include "store/text_search.hpp"

using namespace switchboard;
using sbtest::packageEvent;
using Ids = std::vector<int64_t>;

namespace {

store::TextSearch search(std::vector<std::string> present, std::vector<std::string> absent = {}) {
    return store::TextSearch{std::move(present), std::move(absent)};
}

}  // namespace

TEST_CASE("events are found by texts in their body or headers, within an id range") {
    sbtest::TempDir tmp("sb-text-search-");
    store::Database db((tmp.dir / "sb.db").string());
    store::EventStore events(db);
    std::vector<model::Event> batch = {
        packageEvent(1, {{"task_id", 1234567}, {"owner", "jdoe"}}),
        packageEvent(2, {{"owner", "JDoe"}}),
        packageEvent(3, {{"n", 1}}, {{"x-owner", "jdoe"}}),
        packageEvent(4, {{"url", "https://koji.example.com/taskinfo?taskID=1234567"}}),
        packageEvent(5, {{"note", "50% done \"quoted\""}}),
    };
    REQUIRE(events.insertBatch(batch).stored == 5);
    SQLite::Database& sql = db.sql();

    CHECK(store::eventIdsContaining(sql, search({"jdoe"}), 1, 5) == Ids{1, 3});
    CHECK(store::eventIdsContaining(sql, search({"JDoe"}), 1, 5) == Ids{2});  // case counts
    CHECK(store::eventIdsContaining(sql, search({"1234567"}), 1, 5) == Ids{1, 4});
    CHECK(store::eventIdsContaining(sql, search({"1234567", "jdoe"}), 1, 5) == Ids{1});
    CHECK(store::eventIdsContaining(sql, search({"1234567"}, {"jdoe"}), 1, 5) == Ids{4});
    CHECK(store::eventIdsContaining(sql, search({}, {"jdoe", "1234567"}), 1, 5) == Ids{2, 5});
    // The range bounds the search at both ends.
    CHECK(store::eventIdsContaining(sql, search({"1234567"}), 2, 4) == Ids{4});
    CHECK(store::eventIdsContaining(sql, search({"1234567"}), 2, 3).empty());
    // % and _ are plain characters (no LIKE), and the text is the JSON as it arrived.
    CHECK(store::eventIdsContaining(sql, search({"50%"}), 1, 5) == Ids{5});
    CHECK(store::eventIdsContaining(sql, search({"5_%"}), 1, 5).empty());
    CHECK(store::eventIdsContaining(sql, search({"\\\"quoted\\\""}), 1, 5) == Ids{5});
    // The events query's --contains, with the raw parts read too and without.
    store::EventQuery q;
    q.contains = {"jdoe"};
    q.limit = 10;
    const auto withRaw = events.query(q);
    REQUIRE(withRaw.size() == 2);
    CHECK(withRaw[0].id == 3);
    CHECK(withRaw[0].headers["x-owner"] == "jdoe");
    CHECK(withRaw[1].body["task_id"] == 1234567);
    q.withRaw = false;
    q.limit = 0;
    CHECK(events.query(q).size() == 2);
    CHECK(events.count(q) == 2);
}

TEST_CASE("quarantined lines are found by the bytes they kept, binary ones too") {
    sbtest::TempDir tmp("sb-text-search-");
    store::Database db((tmp.dir / "sb.db").string());
    store::EventStore events(db);
    std::vector<model::Event> none;
    std::vector<store::QuarantineItem> bad(3);
    bad[0].raw = "{\"task_id\": 1234567, oops";
    bad[1].raw = std::string("\x00\xff binary 1234567", 17);  // the text after a NUL
    bad[2].raw = "not json at all";
    for (auto& item : bad) item.reason = "not JSON", item.source = "test";
    events.insertBatch(none, bad);
    SQLite::Database& sql = db.sql();

    CHECK(store::quarantineIdsContaining(sql, search({"1234567"}), 1, 3) == Ids{1, 2});
    CHECK(store::quarantineIdsContaining(sql, search({"json"}, {"1234567"}), 1, 3) == Ids{3});
    CHECK(store::quarantineIdsContaining(sql, search({"1234567"}), 2, 2) == Ids{2});
}

TEST_CASE("a text is looked for as typed and as senders escape it in a JSON string") {
    using store::jsonSpellings;
    CHECK(jsonSpellings("kernel-6.12.0") == std::vector<std::string>{"kernel-6.12.0"});
    CHECK(jsonSpellings("Lukáš") ==
          std::vector<std::string>{"Lukáš", "Luk\\u00e1\\u0161",    // Python's json.dumps
                                   "Luk\\u00E1\\u0161"});  // Jackson's upper-case hex
    CHECK(jsonSpellings("say \"hi\"\n") ==
          std::vector<std::string>{"say \"hi\"\n", "say \\\"hi\\\"\\n"});
    CHECK(jsonSpellings("C:\\tmp") == std::vector<std::string>{"C:\\tmp", "C:\\\\tmp"});
    // Past U+FFFF, a surrogate pair; a byte that is not UTF-8 stays as it is.
    CHECK(jsonSpellings("\xF0\x9F\x9A\x80") ==
          std::vector<std::string>{"\xF0\x9F\x9A\x80", "\\ud83d\\ude80", "\\uD83D\\uDE80"});
    CHECK(jsonSpellings("a\xFFz") == std::vector<std::string>{"a\xFFz"});

    // Stored as Python and nlohmann/json wrote them: both are found by the text as typed.
    sbtest::TempDir tmp("sb-text-search-");
    store::Database db((tmp.dir / "sb.db").string());
    store::EventStore events(db);
    std::vector<model::Event> batch = {packageEvent(1, {{"owner", "Lukáš"}}),
                                       packageEvent(2, {{"owner", "Lukáš"}}),
                                       packageEvent(3, {{"owner", "Lukas"}})};
    const std::vector<store::RawText> raw = {{"{}", R"({"owner": "Luk\u00e1\u0161"})"}, {}, {}};
    std::vector<store::QuarantineItem> bad(1);
    bad[0].raw = R"({"owner": "Luk\u00e1\u0161", oops)";
    bad[0].reason = "not JSON";
    events.insertBatch(batch, bad, raw);
    SQLite::Database& sql = db.sql();
    CHECK(store::eventIdsContaining(sql, search({"Lukáš"}), 1, 3) == Ids{1, 2});
    CHECK(store::eventIdsContaining(sql, search({}, {"Lukáš"}), 1, 3) == Ids{3});
    CHECK(store::quarantineIdsContaining(sql, search({"Lukáš"}), 1, 1) == Ids{1});
    store::EventQuery q;
    q.contains = {"Lukáš"};
    CHECK(events.count(q) == 2);
}

TEST_CASE("a text is also looked for as Go, Gson, Jackson, PHP and json-simple escape it") {
    using store::jsonSpellings;
    using Ways = std::vector<std::string>;
    // Go and Gson write < > & as \u003c \u003e \u0026 (one spelling for both); Gson = and ' too.
    CHECK(jsonSpellings("?a=1&b=2") ==
          Ways{"?a=1&b=2", "?a=1\\u0026b=2", "?a\\u003d1\\u0026b\\u003d2"});
    CHECK(jsonSpellings("<br>") == Ways{"<br>", "\\u003cbr\\u003e"});
    // PHP and json-simple write '/' as '\/'.
    CHECK(jsonSpellings("rhel-9/appstream") == Ways{"rhel-9/appstream", "rhel-9\\/appstream"});
    // Past ASCII: Python and PHP in lower-case hex, Jackson in upper case.
    CHECK(jsonSpellings("é/x") ==
          Ways{"é/x", "\\u00e9/x", "\\u00E9/x", "\\u00e9\\/x", "é\\/x"});

    // A Go sender's URL and a PHP sender's path, as they arrived: found by the text as typed.
    sbtest::TempDir tmp("sb-text-search-");
    store::Database db((tmp.dir / "sb.db").string());
    store::EventStore events(db);
    std::vector<model::Event> batch = {packageEvent(1, {}), packageEvent(2, {}),
                                       packageEvent(3, {})};
    const std::vector<store::RawText> raw = {
        {"{}", R"({"url": "https://prow.example/view?job=e2e\u0026run=17"})"},
        {"{}", R"({"tag": "rhel-9\/appstream", "owner": "Luk\u00C1\u0161"})"},
        {"{}", R"({"url": "https://prow.example/view?job=e2e&run=18", "tag": "rhel-9/appstream"})"},
    };
    std::vector<store::QuarantineItem> noneBad;
    events.insertBatch(batch, noneBad, raw);
    SQLite::Database& sql = db.sql();
    CHECK(store::eventIdsContaining(sql, search({"job=e2e&run="}), 1, 3) == Ids{1, 3});
    CHECK(store::eventIdsContaining(sql, search({"rhel-9/appstream"}), 1, 3) == Ids{2, 3});
    CHECK(store::eventIdsContaining(sql, search({"LukÁš"}), 1, 3) == Ids{2});
    CHECK(store::eventIdsContaining(sql, search({}, {"job=e2e&run="}), 1, 3) == Ids{2});
}
