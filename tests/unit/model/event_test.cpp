#include <catch2/catch.hpp>

#include "model/event.hpp"
#include "model/job_run.hpp"

using namespace switchboard::model;

TEST_CASE("kind names round-trip and unknown names are rejected") {
    for (Kind k : {Kind::Compose, Kind::Module, Kind::Package, Kind::Checkout, Kind::Other})
        CHECK(parseKind(kindName(k)) == k);
    CHECK_FALSE(parseKind("Compose").has_value());
    CHECK_FALSE(parseKind("").has_value());
}

TEST_CASE("ISO 8601 parses dates, times, fractions and offsets as UTC milliseconds") {
    CHECK(parseIso8601("1970-01-01") == 0);
    CHECK(parseIso8601("2024-01-01T00:00:00Z") == 1704067200000);
    CHECK(parseIso8601("2024-01-01T00:00:00") == 1704067200000);
    CHECK(parseIso8601("2024-01-01T02:00:00+02:00") == 1704067200000);
    CHECK(parseIso8601("2023-12-31T19:00:00-0500") == 1704067200000);
    CHECK(parseIso8601("2024-01-01T00:00:00.250Z") == 1704067200250);
    CHECK(parseIso8601("2024-02-29T12:30:00Z") == 1709209800000);
}

TEST_CASE("ISO 8601 rejects what does not parse") {
    for (const char* bad : {"", "2024", "2024-13-01", "2024-01-01T25:00:00Z", "2024-01-01X",
                            "2024-01-01T10:00:00+5", "yesterday", "2024-01-01T10:00:00Zjunk"})
        CHECK_FALSE(parseIso8601(bad).has_value());
}

TEST_CASE("formatting and parsing milliseconds round-trips") {
    for (int64_t ms : {int64_t{0}, int64_t{1704067200250}, int64_t{951782400000}, int64_t{4102444799999}})
        CHECK(parseIso8601(formatIso8601(ms)) == ms);
    CHECK(formatIso8601(1704067200250) == "2024-01-01T00:00:00.250Z");
}

TEST_CASE("an event's JSON carries the section 3 fields and the raw parts only when asked") {
    Event e;
    e.kind = Kind::Module;
    e.subject = "testmodule:master:20170101:abcd";
    e.arch = {"x86_64", "s390x"};
    e.body = {{"a", 1}};
    const auto j = toJson(e);
    CHECK(j["kind"] == "module");
    CHECK(j["arch"] == nlohmann::json::array({"x86_64", "s390x"}));
    CHECK_FALSE(j.contains("body"));
    CHECK_FALSE(j.contains("id"));
    CHECK(toJson(e, true)["body"]["a"] == 1);
}

TEST_CASE("run statuses and causes round-trip and only final statuses are final") {
    for (auto s : {RunStatus::Queued, RunStatus::Running, RunStatus::Success, RunStatus::Failure,
                   RunStatus::Aborted, RunStatus::Error})
        CHECK(parseRunStatus(runStatusName(s)) == s);
    CHECK_FALSE(isFinal(RunStatus::Queued));
    CHECK_FALSE(isFinal(RunStatus::Running));
    CHECK(isFinal(RunStatus::Aborted));
    for (auto c : {RunCause::Operator, RunCause::Rule, RunCause::Retrigger})
        CHECK(parseRunCause(runCauseName(c)) == c);
}
