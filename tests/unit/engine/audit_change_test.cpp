// engine::auditChange: the one-line change of an audit entry (the Audit view, `switchboard audit`).
#include <catch2/catch.hpp>

#include "engine/audit_change.hpp"

using switchboard::engine::auditChange;
using switchboard::engine::auditChangeOfText;

TEST_CASE("an audit change line names the leaves that differ, old value then new") {
    CHECK(auditChangeOfText("null", R"({"name": "weekly"})") == "created");
    CHECK(auditChangeOfText(R"({"name": "weekly"})", "null") == "removed");
    CHECK(auditChangeOfText(R"({"a": 1})", R"({"a": 1})") == "no change");
    // A rule switched off, a trigger list entry deactivated and given an end date.
    CHECK(auditChangeOfText(R"({"name": "Fallback", "enabled": true, "position": 13})",
                      R"({"name": "Fallback", "enabled": false, "position": 13})") ==
          "/enabled: true -> false");
    CHECK(auditChangeOfText(R"({"entries": [{"job_name": "e2e-aws", "active": true}]})",
                      R"({"entries": [{"job_name": "e2e-aws", "active": false, "active_until": "2027-01-01"}]})") ==
          "/entries/0/active: true -> false; /entries/0/active_until: (none) -> \"2027-01-01\"");
}

TEST_CASE("a long audit change line stops at three leaves and long values are cut") {
    CHECK(auditChangeOfText(R"({"a": 1, "b": 2, "c": 3, "d": 4, "e": 5})",
                      R"({"a": 0, "b": 0, "c": 0, "d": 0, "e": 0})") ==
          "/a: 1 -> 0; /b: 2 -> 0; /c: 3 -> 0 (+2 more)");
    const std::string longJob(100, 'x');
    const std::string line = auditChangeOfText(R"({"job": "short"})", R"({"job": ")" + longJob + "\"}");
    CHECK(line == "/job: \"short\" -> \"" + std::string(39, 'x') + "...");
    // Text that is not JSON (an older row, a hand edit) is shown as it is.
    CHECK(auditChangeOfText("{oops", "also not json") == "after \"also not json\"");
}

TEST_CASE("an audit change of parsed documents reads null as not there") {
    const nlohmann::json rule = {{"name", "Fallback"}, {"enabled", true}};
    CHECK(auditChange(nullptr, rule) == "created");
    CHECK(auditChange(rule, nullptr) == "removed");
    CHECK(auditChange(rule, {{"name", "Fallback"}, {"enabled", true}, {"stop", true}}) ==
          "/stop: (none) -> true");
}
