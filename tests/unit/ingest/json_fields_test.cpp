#include <catch2/catch.hpp>

#include "ingest/json_fields.hpp"

using namespace switchboard::ingest;
using nlohmann::json;

TEST_CASE("field and path read through objects and give nullptr for anything else") {
    const json doc = json::parse(R"({"a": {"b": {"c": 1}}, "n": null, "s": "x"})");
    REQUIRE(path(doc, {"a", "b", "c"}) != nullptr);
    CHECK(*path(doc, {"a", "b", "c"}) == 1);
    CHECK(path(doc, {"a", "x", "c"}) == nullptr);
    CHECK(path(doc, {"s", "b"}) == nullptr);
    CHECK(field(doc, "n") == nullptr);  // null reads as missing
    CHECK(field(json::array({1}), "a") == nullptr);
    CHECK(field(nullptr, "a") == nullptr);
}

TEST_CASE("text reads scalars as a person would and everything else as empty") {
    CHECK(text(json("x")) == "x");
    CHECK(text(json(42)) == "42");
    CHECK(text(json(-7)) == "-7");
    CHECK(text(json(18446744073709551615ull)) == "18446744073709551615");
    CHECK(text(json(8.4)) == "8.4");
    CHECK(text(json(true)) == "true");
    CHECK(text(json(nullptr)).empty());
    CHECK(text(json::object()).empty());
    CHECK(text(json::array({"only"})) == "only");
    CHECK(text(json::array({"a", "b"})).empty());
    CHECK(text(nullptr).empty());
}

TEST_CASE("textList turns a lone scalar into a one-element list and can split words") {
    const json lone = "x86_64";
    CHECK(textList(&lone) == std::vector<std::string>{"x86_64"});
    const json number = 64;
    CHECK(textList(&number) == std::vector<std::string>{"64"});
    const json spaced = "i686 x86_64,  aarch64";
    CHECK(textList(&spaced, true) == std::vector<std::string>{"i686", "x86_64", "aarch64"});
    const json mixed = json::array({"a", 1, nullptr, json::object(), ""});
    CHECK(textList(&mixed) == std::vector<std::string>{"a", "1"});
    CHECK(textList(nullptr).empty());
}

TEST_CASE("integer accepts whole numbers and digit strings only") {
    const json values = json::parse(R"([5, 5.0, 5.5, "17", "1x", "", -3, 1e30, -1e300])");
    CHECK(integer(&values[0]) == 5);
    CHECK(integer(&values[1]) == 5);
    CHECK_FALSE(integer(&values[2]));
    CHECK(integer(&values[3]) == 17);
    CHECK_FALSE(integer(&values[4]));
    CHECK_FALSE(integer(&values[5]));
    CHECK(integer(&values[6]) == -3);
    CHECK_FALSE(integer(&values[7]));  // out of range: refused, not converted
    CHECK_FALSE(integer(&values[8]));
}

TEST_CASE("truthy reads booleans, numbers and yes/true text") {
    const json values = json::parse(R"([true, false, 1, 0, "True", "no", null])");
    CHECK(truthy(&values[0]));
    CHECK_FALSE(truthy(&values[1]));
    CHECK(truthy(&values[2]));
    CHECK_FALSE(truthy(&values[3]));
    CHECK(truthy(&values[4]));
    CHECK_FALSE(truthy(&values[5]));
    CHECK_FALSE(truthy(&values[6]));
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
