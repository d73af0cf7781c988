#include <catch2/catch.hpp>

#include "views/audit_filter.hpp"

using switchboard::engine::AuditEntry;
using switchboard::ui::auditMatches;

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
