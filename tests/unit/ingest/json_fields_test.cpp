#include <catch2/catch.hpp>

#include <cstring>
#include <string>
#include <vector>

#include "ingest/json_fields.hpp"
#include "ingest/simdjson_dom.hpp"

using namespace switchboard::ingest;
using nlohmann::json;

// The same text parsed by both parsers: every reader must give the same answer through either.
class Parsed {
public:
    Parsed(const char* text, bool useDom) : m_tree(json::parse(text)), m_useDom(useDom) {
        REQUIRE(m_parser.parse(text, std::strlen(text)).get(m_dom) == simdjson::SUCCESS);
    }
    JsonRef root() const { return m_useDom ? domRef(m_dom) : JsonRef(m_tree); }
    JsonRef operator[](size_t index) const { return root().at(index); }

private:
    json m_tree;
    simdjson::dom::parser m_parser;
    simdjson::dom::element m_dom;
    bool m_useDom;
};

TEST_CASE("field and path read through objects and give missing for anything else") {
    const bool useDom = GENERATE(false, true);
    CAPTURE(useDom);
    const Parsed doc(R"({"a": {"b": {"c": 1}}, "n": null, "s": "x", "r": 1, "r": 2})", useDom);
    REQUIRE(path(doc.root(), {"a", "b", "c"}));
    CHECK(path(doc.root(), {"a", "b", "c"}).int64() == 1);
    CHECK_FALSE(path(doc.root(), {"a", "x", "c"}));
    CHECK_FALSE(path(doc.root(), {"s", "b"}));
    CHECK_FALSE(field(doc.root(), "n"));                          // null reads as missing
    CHECK(doc.root().member("n").type() == JsonRef::Type::Null);  // though it is there
    CHECK(field(doc.root(), "r").int64() == 2);  // a repeated key's last value, as nlohmann keeps
    const Parsed array("[1]", useDom);
    CHECK_FALSE(field(array.root(), "a"));
    CHECK_FALSE(field(JsonRef(), "a"));
}

TEST_CASE("text reads scalars as a person would and everything else as empty") {
    const bool useDom = GENERATE(false, true);
    CAPTURE(useDom);
    const Parsed values(
        R"(["x", 42, -7, 18446744073709551615, 8.4, true, null, {}, ["only"], ["a", "b"], 1e20,
            100.0, -0.0, 9223372036854775807, [[1]]])",
        useDom);
    CHECK(text(values[0]) == "x");
    CHECK(text(values[1]) == "42");
    CHECK(text(values[2]) == "-7");
    CHECK(text(values[3]) == "18446744073709551615");
    CHECK(text(values[4]) == "8.4");
    CHECK(text(values[5]) == "true");
    CHECK(text(values[6]).empty());
    CHECK(text(values[7]).empty());
    CHECK(text(values[8]) == "only");
    CHECK(text(values[9]).empty());
    CHECK(text(values[10]) == "1e+20");
    CHECK(text(values[11]) == "100.0");
    CHECK(text(values[12]) == "-0.0");
    CHECK(text(values[13]) == "9223372036854775807");
    CHECK(text(values[14]).empty());
    CHECK(text(JsonRef()).empty());
}

TEST_CASE("textList turns a lone scalar into a one-element list and can split words") {
    const bool useDom = GENERATE(false, true);
    CAPTURE(useDom);
    const Parsed values(R"(["x86_64", 64, "i686 x86_64,  aarch64", ["a", 1, null, {}, ""]])",
                        useDom);
    CHECK(textList(values[0]) == std::vector<std::string>{"x86_64"});
    CHECK(textList(values[1]) == std::vector<std::string>{"64"});
    CHECK(textList(values[2], true) == std::vector<std::string>{"i686", "x86_64", "aarch64"});
    CHECK(textList(values[3]) == std::vector<std::string>{"a", "1"});
    CHECK(textList(JsonRef()).empty());
}

TEST_CASE("integer accepts whole numbers and digit strings only") {
    const bool useDom = GENERATE(false, true);
    CAPTURE(useDom);
    const Parsed values(R"([5, 5.0, 5.5, "17", "1x", "", -3, 1e30, -1e300, 18446744073709551615])",
                        useDom);
    CHECK(integer(values[0]) == 5);
    CHECK(integer(values[1]) == 5);
    CHECK_FALSE(integer(values[2]));
    CHECK(integer(values[3]) == 17);
    CHECK_FALSE(integer(values[4]));
    CHECK_FALSE(integer(values[5]));
    CHECK(integer(values[6]) == -3);
    CHECK_FALSE(integer(values[7]));  // out of range: refused, not converted
    CHECK_FALSE(integer(values[8]));
    CHECK(integer(values[9]) == -1);  // wrapped, as nlohmann/json's get<int64_t> gives it
}

TEST_CASE("truthy reads booleans, numbers and yes/true text") {
    const bool useDom = GENERATE(false, true);
    CAPTURE(useDom);
    const Parsed values(R"([true, false, 1, 0, "True", "no", null, 0.5])", useDom);
    CHECK(truthy(values[0]));
    CHECK_FALSE(truthy(values[1]));
    CHECK(truthy(values[2]));
    CHECK_FALSE(truthy(values[3]));
    CHECK(truthy(values[4]));
    CHECK_FALSE(truthy(values[5]));
    CHECK_FALSE(truthy(values[6]));
    CHECK(truthy(values[7]));
}

TEST_CASE("an array's elements are walked the same way in both parsers' hands") {
    const bool useDom = GENERATE(false, true);
    CAPTURE(useDom);
    const Parsed values(R"([[], [1, [2, 3], {"a": 4}], "s", {"k": [5]}])", useDom);
    std::vector<std::string> seen;
    for (JsonRef item : values[1]) seen.push_back(item.isArray() ? "array" : text(item));
    CHECK(seen == std::vector<std::string>{"1", "array", ""});
    CHECK(values[1].size() == 3);
    CHECK(values[1].at(1).at(1).int64() == 3);
    CHECK_FALSE(values[1].at(3));
    CHECK(values[0].begin() == values[0].end());
    // Anything but an array has no elements.
    CHECK(values[2].size() == 0);
    CHECK(values[2].begin() == values[2].end());
    CHECK(values[3].begin() == values[3].end());
    CHECK(values[3].member("k").toTree() == json::array({5}));
    CHECK(values.root().toTree() == json::parse(R"([[], [1, [2, 3], {"a": 4}], "s", {"k": [5]}])"));
    CHECK(JsonRef().toTree().is_null());
}

TEST_CASE("the productmd rule splits compose ids into product and version") {
    struct Case {
        const char* id;
        const char* product;
        const char* version;
    };
    const Case cases[] = {
        {"Fedora-Atomic-25-20170206.0", "Fedora-Atomic", "25"},
        {"OracleJava-7.4-RHEL-7-20170602.n.0", "OracleJava", "7.4"},
        {"Fedora-Rawhide-20170206.n.0", "Fedora", "Rawhide"},
        {"RHEL-9.4.0-20240101.1", "RHEL", "9.4.0"},
        {"RHEL-8.10.0-updates-20240101.t.2", "RHEL", "8.10.0"},
        {"Supp-6.10-RHEL-6-20170703.n.0", "Supp", "6.10"},
        {"Fedora-20170206.n.0", "Fedora", ""},
        {"CentOS-Stream-9-20240101.d.0", "CentOS-Stream", "9"},
    };
    for (const Case& c : cases) {
        INFO(c.id);
        std::string product, version;
        REQUIRE(splitComposeId(c.id, product, version));
        CHECK(product == c.product);
        CHECK(version == c.version);
    }
    std::string product = "kept", version = "kept";
    for (const char* id : {"", "no-date-here", "-20240101.0", "RHEL-9-2024010.0", "x-202401011"}) {
        INFO(id);
        CHECK_FALSE(splitComposeId(id, product, version));
    }
    CHECK(product == "kept");
}

TEST_CASE("N-V-R and NSVC helpers join and split as packagers write them") {
    CHECK(joinNvr("bash", "5.2", "1.fc39") == "bash-5.2-1.fc39");
    CHECK(joinNvr("bash", "", "1").empty());
    CHECK(nvrName("python-gssapi-1.2.0-3.el7") == "python-gssapi");
    CHECK(nvrName("no-dash").empty());
    CHECK(nvrName("-a-b").empty());
    CHECK(joinNsvc("nodejs", "18", "1", "") == "nodejs:18:1");
    CHECK(joinNsvc("nodejs", "18", "", "ctx") == "nodejs:18");
    CHECK(joinNsvc("", "18", "1", "c").empty());
}

TEST_CASE("appendUnique keeps order and sortUnique sorts, both dropping repeats and blanks") {
    std::vector<std::string> out{"b"};
    appendUnique(out, {"a", "b", "", "c", "a"});
    CHECK(out == std::vector<std::string>{"b", "a", "c"});
    std::vector<std::string> arches{"x86_64", "", "aarch64", "x86_64"};
    sortUnique(arches);
    CHECK(arches == std::vector<std::string>{"aarch64", "x86_64"});
}
