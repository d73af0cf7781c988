// The detail view's structural diff (src/engine/json_diff.*).
#include <catch2/catch.hpp>

#include "engine/json_diff.hpp"

using switchboard::engine::jsonDiff;

TEST_CASE("the diff lists changed, added and removed leaves by JSON pointer") {
    const auto a = nlohmann::json::parse(R"({"state":"init","arch":["x86_64"],"a/b":1,"same":true})");
    const auto b = nlohmann::json::parse(R"({"state":"ready","arch":["x86_64","s390x"],"same":true})");
    const auto d = jsonDiff(a, b);
    REQUIRE(d.size() == 3);
    // Sorted by pointer text, so the order is stable whatever the documents' key order.
    CHECK(d[0].pointer == "/arch/1");
    CHECK(d[0].leftMissing);
    CHECK(d[0].right == "s390x");
    CHECK(d[1].pointer == "/a~1b");
    CHECK(d[1].rightMissing);
    CHECK(d[2].pointer == "/state");
    CHECK(d[2].left == "init");
    CHECK(d[2].right == "ready");
}

TEST_CASE("equal documents have no differences") {
    const auto a = nlohmann::json::parse(R"({"x":[1,{"y":null}],"z":{}})");
    CHECK(jsonDiff(a, a).empty());
}
