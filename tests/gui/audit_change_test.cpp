#include <catch2/catch.hpp>

#include "views/audit_change.hpp"

using switchboard::engine::AuditEntry;
using switchboard::ui::auditChange;
using switchboard::ui::auditMatches;

TEST_CASE("an audit change line names the leaves that differ, old value then new") {
    CHECK(auditChange("null", R"({"name": "weekly"})") == "created");
    CHECK(auditChange(R"({"name": "weekly"})", "null") == "removed");
    CHECK(auditChange(R"({"a": 1})", R"({"a": 1})") == "no change");
    // A rule switched off, a trigger list entry deactivated and given an end date.
    CHECK(auditChange(R"({"name": "Fallback", "enabled": true, "position": 13})",
                      R"({"name": "Fallback", "enabled": false, "position": 13})") ==
          "/enabled: true -> false");
    CHECK(auditChange(R"({"entries": [{"job_name": "e2e-aws", "active": true}]})",
                      R"({"entries": [{"job_name": "e2e-aws", "active": false, "active_until": "2027-01-01"}]})") ==
          "/entries/0/active: true -> false; /entries/0/active_until: (none) -> \"2027-01-01\"");
}

TEST_CASE("a long audit change line stops at three leaves and long values are cut") {
    CHECK(auditChange(R"({"a": 1, "b": 2, "c": 3, "d": 4, "e": 5})",
                      R"({"a": 0, "b": 0, "c": 0, "d": 0, "e": 0})") ==
          "/a: 1 -> 0; /b: 2 -> 0; /c: 3 -> 0 (+2 more)");
    const std::string longJob(100, 'x');
    const std::string line = auditChange(R"({"job": "short"})", R"({"job": ")" + longJob + "\"}");
    CHECK(line == "/job: \"short\" -> \"" + std::string(39, 'x') + "...");
    // Text that is not JSON (an older row, a hand edit) is shown as it is.
    CHECK(auditChange("{oops", "also not json") == "after \"also not json\"");
}

TEST_CASE("the audit filter wants every word, in any case, in who, what, target or change") {
    AuditEntry e;
    e.who = "alice";
    e.what = "rule.update";
    e.target = "Scratch builds";
    const std::string change = "/enabled: true -> false";
    CHECK(auditMatches(e, change, ""));
    CHECK(auditMatches(e, change, "ALICE scratch"));
    CHECK(auditMatches(e, change, "rule.update enabled"));
    CHECK_FALSE(auditMatches(e, change, "alice list.import"));
    CHECK_FALSE(auditMatches(e, change, "bob"));
}
