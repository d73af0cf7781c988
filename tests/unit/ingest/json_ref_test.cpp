// ingest::JsonRef: the same reading of a value whichever parser holds it.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstring>
#include <string>
#include <vector>

#include "ingest/json_ref.hpp"
#include "ingest/simdjson_dom.hpp"

using namespace switchboard::ingest;
using nlohmann::json;

namespace {

// Both parsers' values of one text, held for the test's length.
struct BothParsers {
    explicit BothParsers(const char* text) : tree(json::parse(text)) {
        REQUIRE(parser.parse(text, std::strlen(text)).get(dom) == simdjson::SUCCESS);
    }
    json tree;
    simdjson::dom::parser parser;
    simdjson::dom::element dom;
};

}  // namespace

TEST_CASE("numbers read the same from either parser, at the edges of their types") {
    const BothParsers values(R"([18446744073709551615, -1, -0.0, 9223372036854775807,
                                 -9223372036854775808, 0.5, 1e300, 7])");
    for (const JsonRef root : {JsonRef(values.tree), domRef(values.dom)}) {
        CHECK(root.at(0).type() == JsonRef::Type::Unsigned);
        CHECK(root.at(0).uint64() == 18446744073709551615ull);
        CHECK(root.at(0).int64() == -1);  // wrapped, as nlohmann/json's get<int64_t> gives it
        CHECK(root.at(0).number() == 18446744073709551615.0);
        CHECK(root.at(1).int64() == -1);
        CHECK(root.at(1).uint64() == 18446744073709551615ull);
        CHECK(root.at(1).number() == -1.0);
        CHECK(root.at(2).type() == JsonRef::Type::Float);
        CHECK(root.at(2).number() == 0.0);
        CHECK(std::signbit(root.at(2).number()));
        CHECK(root.at(2).int64() == 0);  // a float is not an integer
        CHECK(root.at(3).int64() == 9223372036854775807);
        CHECK(root.at(4).int64() == -9223372036854775807 - 1);
        CHECK(root.at(5).number() == 0.5);
        CHECK(root.at(6).number() == 1e300);
        CHECK(root.at(7).isInteger());
        CHECK(root.at(7).number() == 7.0);
        CHECK_FALSE(root.at(8));
        CHECK(root.size() == 8);
    }
}

TEST_CASE("strings, booleans and null read the same, and other types read empty") {
    const BothParsers values(R"(["text", true, false, null, {"a": 1}, [], ""])");
    for (const JsonRef root : {JsonRef(values.tree), domRef(values.dom)}) {
        CHECK(root.at(0).string() == "text");
        CHECK(root.at(0).number() == 0);
        CHECK(root.at(1).boolean());
        CHECK_FALSE(root.at(2).boolean());
        CHECK(root.at(2).isBoolean());
        CHECK(root.at(3).type() == JsonRef::Type::Null);
        CHECK(root.at(3));  // null is a value, unlike a missing one
        CHECK(root.at(4).string().empty());
        CHECK(root.at(4).size() == 0);  // only arrays have a size
        CHECK(root.at(4).member("a").int64() == 1);
        CHECK_FALSE(root.at(4).member("b"));
        CHECK_FALSE(root.at(0).member("a"));
        CHECK(root.at(5).size() == 0);
        CHECK(root.at(6).isString());
        CHECK(root.at(6).string().empty());
    }
    const JsonRef missing;
    CHECK_FALSE(missing);
    CHECK(missing.type() == JsonRef::Type::Missing);
    CHECK_FALSE(missing.isScalar());
    CHECK_FALSE(missing.at(0));
    CHECK(missing.begin() == missing.end());
}

TEST_CASE("an array's elements come in order from either parser, nested ones included") {
    const BothParsers values(R"([[1, "two", [3]], [], [null]])");
    for (const JsonRef root : {JsonRef(values.tree), domRef(values.dom)}) {
        std::vector<std::string> seen;
        for (const JsonRef outer : root) {
            seen.push_back("[");
            for (const JsonRef inner : outer)
                seen.push_back(inner.isArray() ? "array" : inner.toTree().dump());
        }
        CHECK(seen == std::vector<std::string>{"[", "1", "\"two\"", "array", "[", "[", "null"});
        CHECK(root.at(0).at(2).at(0).int64() == 3);
        CHECK(root.toTree() == values.tree);
    }
}
