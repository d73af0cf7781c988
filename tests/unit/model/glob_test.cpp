// model::globMatch: the one glob of rules, the feed filter and field pointers.
#include <catch2/catch.hpp>

#include "model/glob.hpp"

using switchboard::model::globMatch;

TEST_CASE("a glob's star spans dots and slashes, backtracking to the last star") {
    CHECK(globMatch("*.errata.*", "/topic/VirtualTopic.eng.errata.activity.status"));
    CHECK(globMatch("a*b*c", "aXbYbZc"));
    CHECK_FALSE(globMatch("a*b*c", "aXbYbZ"));
    CHECK(globMatch("*", ""));
    CHECK(globMatch("**", "x"));
    CHECK_FALSE(globMatch("", "x"));
    CHECK_FALSE(globMatch("abc", "abcd"));
}

TEST_CASE("a glob's ? is exactly one character") {
    CHECK(globMatch("a?c", "abc"));
    CHECK_FALSE(globMatch("a?c", "ac"));
    CHECK_FALSE(globMatch("a?c", "abbc"));
}

TEST_CASE("a glob's classes take sets, ranges and negation") {
    CHECK(globMatch("RHEL-[89].*", "RHEL-9.4"));
    CHECK_FALSE(globMatch("RHEL-[89].*", "RHEL-7.9"));
    CHECK(globMatch("x[a-c]z", "xbz"));
    CHECK_FALSE(globMatch("x[a-c]z", "xdz"));
    CHECK(globMatch("x[!a-c]z", "xdz"));
    CHECK_FALSE(globMatch("x[!a-c]z", "xaz"));
    CHECK(globMatch("x[^a]z", "xbz"));
    CHECK(globMatch("[]]", "]"));  // a ] first in the class is a member
}

TEST_CASE("a [ without its ] is an ordinary character") {
    CHECK(globMatch("foo[1", "foo[1"));
    CHECK_FALSE(globMatch("foo[1", "foo1"));
    CHECK(globMatch("*[", "abc["));
}
