#include <catch2/catch.hpp>

#include <cstdlib>
#include <set>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "cli_harness.hpp"
#include "store/database.hpp"
#include "store/event_store.hpp"

using sbtest::runCli;
using sbtest::TempDir;
using namespace switchboard;

namespace {

model::Event event(model::Kind kind, std::string subject, std::string state, std::string topic,
                   int64_t receivedAt) {
    model::Event e;
    e.kind = kind;
    e.event = "state.change";
    e.subject = std::move(subject);
    e.state = std::move(state);
    e.topic = std::move(topic);
    e.product = "RHEL";
    e.version = "9.4";
    e.arch = {"x86_64", "s390x"};
    e.component = "thing";
    e.source = "test";
    e.received_at = receivedAt;
    e.body = {{"n", receivedAt}};
    return e;
}

// Five events stored straight through the store, so that these tests do not depend on how the
// normalizers read a message; ids 1..5 in this order.
void seed(const TempDir& t) {
    store::Database db(t.db());
    store::EventStore store(db);
    std::vector<model::Event> events = {
        event(model::Kind::Compose, "RHEL-9.4.0-20240101.1", "STARTED", "x.pungi.compose.status.change", 1704067200000),
        event(model::Kind::Compose, "RHEL-9.4.0-20240101.1", "FINISHED", "x.pungi.compose.status.change", 1704070800000),
        event(model::Kind::Module, "nodejs:20:1:abcd", "ready", "x.mbs.module.state.change", 1704074400000),
        event(model::Kind::Package, "bash-5.2-1.el9", "COMPLETE", "x.brew.build.complete", 1704078000000),
        event(model::Kind::Other, "", "", "x.Unknown", 1704081600000),
    };
    REQUIRE(store.insertBatch(events).stored == 5);
}

// n package builds pkg-1.0-0 ... received a millisecond apart, ids 1..n once stored.
std::vector<model::Event> packages(int n) {
    std::vector<model::Event> events;
    for (int i = 0; i < n; ++i)
        events.push_back(event(model::Kind::Package, "pkg-1.0-" + std::to_string(i), "COMPLETE",
                               "x.brew.build.complete", 1704067200000 + i));
    return events;
}

std::vector<std::string> lines(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) out.push_back(line);
    return out;
}

std::string count(const TempDir& t, std::vector<std::string> args) {
    args.insert(args.begin(), {"events", "--count", "--db", t.db()});
    const auto r = runCli(args);
    INFO(r.err);
    CHECK(r.code == 0);
    return r.out;
}

}  // namespace

TEST_CASE("events --count prints only the number, for every filter and their combination") {
    TempDir t;
    seed(t);
    CHECK(count(t, {}) == "5\n");
    CHECK(count(t, {"--kind", "compose"}) == "2\n");
    CHECK(count(t, {"--subject", "RHEL-9.4*"}) == "2\n");
    CHECK(count(t, {"--subject", "*:abcd"}) == "1\n");
    CHECK(count(t, {"--subject", "rhel-*"}) == "0\n");
    CHECK(count(t, {"--state", "FINISHED"}) == "1\n");
    CHECK(count(t, {"--topic", "*.build.*"}) == "1\n");
    CHECK(count(t, {"--since", "2024-01-01T02:00:00Z"}) == "3\n");
    CHECK(count(t, {"--since", "2024-01-01T03:00:00+01:00"}) == "3\n");
    CHECK(count(t, {"--since", "2024-01-02"}) == "0\n");
    CHECK(count(t, {"--until", "2024-01-01T02:00:00Z"}) == "3\n");  // inclusive
    CHECK(count(t, {"--until", "2024-01-01"}) == "5\n");            // the whole day
    CHECK(count(t, {"--since", "2024-01-01T01:00:00Z", "--until", "2024-01-01T03:00:00Z"}) ==
          "3\n");
    // The seeded events are from 2024: older than a week, whenever the test runs.
    CHECK(count(t, {"--since", "1w"}) == "0\n");
    CHECK(count(t, {"--until", "1w"}) == "5\n");
    CHECK(count(t, {"--kind", "compose", "--state", "STARTED", "--topic", "*pungi*"}) == "1\n");
    CHECK(count(t, {"--limit", "1"}) == "5\n");
}

TEST_CASE("events filters by product, version, arch, component, tag and source, exactly") {
    TempDir t;
    {
        store::Database db(t.db());
        store::EventStore store(db);
        std::vector<model::Event> events = packages(4);
        events[1].product = "Fedora";
        events[1].version = "9.4.0";  // "9.4" is exact: not a prefix of this
        events[2].arch = {"aarch64"};
        events[2].tags = {"rhel-9.4.0-candidate", "f41"};
        events[3].component = "other-thing";
        events[3].source = "umb";
        REQUIRE(store.insertBatch(events).stored == 4);
    }
    CHECK(count(t, {"--product", "RHEL"}) == "3\n");
    CHECK(count(t, {"--product", "Fedora", "--version", "9.4.0"}) == "1\n");
    CHECK(count(t, {"--version", "9.4"}) == "3\n");
    CHECK(count(t, {"--arch", "s390x"}) == "3\n");
    CHECK(count(t, {"--arch", "aarch64"}) == "1\n");
    CHECK(count(t, {"--arch", "s390"}) == "0\n");  // an element, not a part of one
    CHECK(count(t, {"--tag", "f41"}) == "1\n");
    CHECK(count(t, {"--component", "thing"}) == "3\n");
    CHECK(count(t, {"--source", "umb", "--since", "2024-01-01"}) == "1\n");
    const auto listed = runCli({"events", "--json", "--arch", "aarch64", "--db", t.db()});
    REQUIRE(listed.code == 0);
    CHECK(nlohmann::json::parse(listed.out)["subject"] == "pkg-1.0-2");
}

TEST_CASE("events --json prints one object per line, newest first, with id and all section 3 keys") {
    TempDir t;
    seed(t);
    const auto r = runCli({"events", "--json", "--db", t.db()});
    REQUIRE(r.code == 0);
    const auto out = lines(r.out);
    REQUIRE(out.size() == 5);
    const std::set<std::string> expected = {"id",      "kind",      "event", "subject", "state",
                                            "product", "version",   "arch",  "component", "tags",
                                            "topic",   "source",    "msg_id", "received_at",
                                            "headers", "body"};
    int64_t previous = 1000;
    for (const std::string& line : out) {
        const auto j = nlohmann::json::parse(line);
        std::set<std::string> keys;
        for (const auto& item : j.items()) keys.insert(item.key());
        CHECK(keys == expected);
        CHECK(j["id"].get<int64_t>() < previous);
        previous = j["id"].get<int64_t>();
    }
    const auto first = nlohmann::json::parse(out.front());
    CHECK(first["kind"] == "other");
    const auto last = nlohmann::json::parse(out.back());
    CHECK(last["subject"] == "RHEL-9.4.0-20240101.1");
    CHECK(last["arch"] == nlohmann::json::array({"x86_64", "s390x"}));
    CHECK(last["received_at"] == "2024-01-01T00:00:00.000Z");
    // The message itself, as stored, on the same line.
    CHECK(last["body"] == nlohmann::json{{"n", 1704067200000}});
    CHECK(last["headers"] == nlohmann::json::object());
}

TEST_CASE("events --limit keeps the newest and filters apply to the listing") {
    TempDir t;
    seed(t);
    auto r = runCli({"events", "--json", "--limit", "2", "--db", t.db()});
    REQUIRE(r.code == 0);
    auto out = lines(r.out);
    REQUIRE(out.size() == 2);
    CHECK(nlohmann::json::parse(out[0])["id"] == 5);
    CHECK(nlohmann::json::parse(out[1])["id"] == 4);
    r = runCli({"events", "--json", "--kind", "compose", "--db", t.db()});
    out = lines(r.out);
    REQUIRE(out.size() == 2);
    CHECK(nlohmann::json::parse(out[0])["state"] == "FINISHED");
}

TEST_CASE("events prints aligned columns with a header and a dash for empty cells") {
    TempDir t;
    seed(t);
    const auto r = runCli({"events", "--db", t.db()});
    REQUIRE(r.code == 0);
    const auto out = lines(r.out);
    REQUIRE(out.size() == 6);
    CHECK(out[0].rfind("TIME", 0) == 0);
    // Every column starts at the same offset on every line.
    for (const std::string column : {"KIND", "EVENT", "SUBJECT", "STATE", "PRODUCT", "VERSION",
                                     "ARCH", "COMPONENT"}) {
        const size_t at = out[0].find(column);
        REQUIRE(at != std::string::npos);
        for (size_t i = 1; i < out.size(); ++i) {
            INFO(column << " in: " << out[i]);
            CHECK(out[i][at - 1] == ' ');
            CHECK(out[i][at] != ' ');
        }
    }
    CHECK(out[1].find("other") != std::string::npos);
    CHECK(out[1].find(" - ") != std::string::npos);  // the other event has no subject
    CHECK(out[5].find("x86_64,s390x") != std::string::npos);
}

TEST_CASE("events reads $SWITCHBOARD_DB when --db is not given, and --db wins over it") {
    TempDir t, other;
    seed(t);
    ::setenv("SWITCHBOARD_DB", t.db().c_str(), 1);
    const auto fromEnv = runCli({"events", "--count"});
    const auto fromOption = runCli({"events", "--count", "--db", other.db()});
    ::unsetenv("SWITCHBOARD_DB");
    CHECK(fromEnv.code == 0);
    CHECK(fromEnv.out == "5\n");
    CHECK(fromOption.out == "0\n");
}

TEST_CASE("a bad events option value is a usage error with a one-line hint") {
    TempDir t;
    for (const std::vector<std::string>& bad :
         {std::vector<std::string>{"--kind", "composes"}, {"--since", "yesterday"},
          {"--since", "2024-13-01"}, {"--until", "2h ago"},
          {"--since", "2024-01-02", "--until", "2024-01-01"}, {"--limit", "ten"}, {"--limit", "-1"},
          {"--bogus"}}) {
        std::vector<std::string> args = {"events", "--db", t.db()};
        args.insert(args.end(), bad.begin(), bad.end());
        const auto r = runCli(args);
        INFO(bad[0]);
        CHECK(r.code == 2);
        CHECK(r.out.empty());
        CHECK(lines(r.err).size() == 2);  // the problem, then where to find usage
        CHECK(r.err.find("--help") != std::string::npos);
    }
    const auto r = runCli({"events", "--kind", "nope", "--db", t.db()});
    CHECK(r.err.find("compose, module, package, checkout, other") != std::string::npos);
}

// What the facets do not hold is in the message: the task id of a build, a user, a URL.
TEST_CASE("events --contains finds messages by the text of their body or headers") {
    TempDir t;
    {
        store::Database db(t.db());
        store::EventStore store(db);
        std::vector<model::Event> events = packages(4);
        events[0].body = {{"task_id", 1234567}, {"owner", "jdoe"}};
        events[1].body = {{"task_id", 7654321}, {"owner", "JDoe"}};
        events[2].headers = {{"x-owner", "jdoe"}};
        events[3].body = {{"url", "https://src.example.com/rpms/bash#1234567"}};
        REQUIRE(store.insertBatch(events).stored == 4);
    }
    CHECK(count(t, {"--contains", "1234567"}) == "2\n");
    CHECK(count(t, {"--contains", "jdoe"}) == "2\n");  // body or headers, case-sensitive
    CHECK(count(t, {"--contains", "JDoe"}) == "1\n");
    CHECK(count(t, {"--contains", "1234567", "--contains", "jdoe"}) == "1\n");  // all of them
    CHECK(count(t, {"--contains", "jdoe", "--subject", "pkg-1.0-2"}) == "1\n");
    CHECK(count(t, {"--contains", "nowhere"}) == "0\n");
    // Newest first, and the limit stops the search.
    const auto listed =
        runCli({"events", "--json", "--contains", "1234567", "--limit", "1", "--db", t.db()});
    REQUIRE(listed.code == 0);
    CHECK(nlohmann::json::parse(listed.out)["subject"] == "pkg-1.0-3");
    const auto empty = runCli({"events", "--contains", "", "--db", t.db()});
    CHECK(empty.code == 2);
    CHECK(empty.err.find("--contains") != std::string::npos);
}

TEST_CASE("events --help lists every filter") {
    const auto r = runCli({"events", "--help"});
    CHECK(r.code == 0);
    for (const char* option : {"--kind", "--subject", "--state", "--topic", "--product",
                               "--version", "--arch", "--component", "--tag", "--source", "--since",
                               "--until", "--contains", "--limit", "--count", "--json"})
        CHECK(r.out.find(option) != std::string::npos);
}

// A message's text goes to the operator's terminal: a line break in a subject split its row,
// and an escape sequence in it drove the terminal.
TEST_CASE("events shows control characters in a cell escaped, one row a line") {
    TempDir t;
    const std::string file = t.write(
        "odd.jsonl",
        R"({"topic": "org.fedoraproject.prod.buildsys.tag", "body": {"name": "ba\nsh\u001b[31mRED\u009b", "version": "1", "release": "1", "tag": "f40"}})"
        "\n");
    REQUIRE(runCli({"ingest", file, "--db", t.db()}).code == 0);
    const auto r = runCli({"events", "--db", t.db()});
    REQUIRE(r.code == 0);
    const auto out = lines(r.out);
    REQUIRE(out.size() == 2);
    CHECK(out[1].find("ba\\x0ash\\x1b[31mRED\\u009b-1-1") != std::string::npos);
    CHECK(r.out.find('\x1b') == std::string::npos);
}

TEST_CASE("events --json reads a page at a time and prints every event once, newest first") {
    TempDir t;
    {
        store::Database db(t.db());
        store::EventStore store(db);
        auto many = packages(2500);  // more than two of its pages of 1,000
        REQUIRE(store.insertBatch(many).stored == 2500);
    }
    for (const auto& [limit, expected] :
         std::vector<std::pair<std::string, size_t>>{{"0", 2500}, {"1500", 1500}, {"1000", 1000}}) {
        const auto r = runCli({"events", "--json", "--limit", limit, "--db", t.db()});
        REQUIRE(r.code == 0);
        const auto out = lines(r.out);
        INFO("--limit " << limit);
        REQUIRE(out.size() == expected);
        int64_t previous = 2501;
        for (const std::string& line : out) {
            const int64_t id = nlohmann::json::parse(line)["id"].get<int64_t>();
            CHECK(id == previous - 1);  // no gap, no repeat at a page's edge
            previous = id;
        }
    }
}
