// model::containsIgnoringCase: the free-text match of the feed filter and the Runs view's filter.
#include <catch2/catch.hpp>

#include "model/text_search.hpp"

using switchboard::model::containsIgnoringCase;

TEST_CASE("a part is found in a text whatever the case of its ASCII letters") {
    CHECK(containsIgnoringCase("RHEL-9.4.0-20240101.1", "rhel-9"));
    CHECK(containsIgnoringCase("periodic-ci-e2e-metal", "METAL"));
    CHECK(containsIgnoringCase("anything", ""));
    CHECK(containsIgnoringCase("", ""));
    CHECK_FALSE(containsIgnoringCase("", "a"));
    CHECK_FALSE(containsIgnoringCase("nginx", "nginx:1"));  // longer than the text
    CHECK_FALSE(containsIgnoringCase("ready", "failed"));
    // Bytes above ASCII compare exactly: "É" is not folded to "é".
    CHECK(containsIgnoringCase("caf\xc3\xa9", "CAF\xc3\xa9"));
    CHECK_FALSE(containsIgnoringCase("caf\xc3\xa9", "caf\xc3\x89"));
}

TEST_CASE("a filter field splits into its words, however many spaces lie between them") {
    using switchboard::model::splitWords;
    using Words = std::vector<std::string_view>;
    CHECK(splitWords("rule.update  alice ") == Words{"rule.update", "alice"});
    CHECK(splitWords(" one") == Words{"one"});
    CHECK(splitWords("").empty());
    CHECK(splitWords("   ").empty());
}

TEST_CASE("every word of a filter field must be in one field or another, in any case") {
    using switchboard::model::everyWordIn;
    CHECK(everyWordIn("", {"anything"}));
    CHECK(everyWordIn("GANGWAY e2e", {"periodic-e2e-aws", "gangway"}));
    CHECK_FALSE(everyWordIn("gangway jenkins", {"periodic-e2e-aws", "gangway"}));
    CHECK_FALSE(everyWordIn("x", {}));
}

TEST_CASE("trimming takes spaces, tabs and line breaks from both ends only") {
    CHECK(switchboard::model::trimmed("  stomp://a \t\r\n") == "stomp://a");
    CHECK(switchboard::model::trimmed("a b") == "a b");
    CHECK(switchboard::model::trimmed(" \t\n").empty());
    CHECK(switchboard::model::trimmed("").empty());
}
