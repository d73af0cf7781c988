// The rules editor's condition rows: conversion to and from the rule's `when` JSON and the
// per-row validation through the rules layer (no window needed).
#include <catch2/catch.hpp>

#include "widgets/condition_editor.hpp"

using namespace switchboard::ui;
using nlohmann::json;

TEST_CASE("an all-of list of leaves becomes one row per condition and converts back unchanged") {
    const json when = json::parse(R"({"all": [
        {"field": "kind", "equals": "checkout"},
        {"not": {"field": "body:/object/misc/retrigger", "equals": true}},
        {"field": "body:/misc/result", "regex": "(?i)^pass$"},
        {"field": "arch", "in": ["x86_64", "s390x"]}]})");
    const auto d = ConditionDraft::fromJson(when);
    REQUIRE_FALSE(d.jsonMode);
    REQUIRE(d.rows.size() == 4);
    CHECK(d.rows[1].negate);
    CHECK(d.rows[1].literal);
    CHECK(d.rows[2].op == "regex");
    CHECK(d.valid());
    CHECK(d.toJson() == when);
}

TEST_CASE("a single leaf and no conditions both fit rows") {
    const auto one = ConditionDraft::fromJson(json::parse(R"({"field": "state", "glob": "FINISH*"})"));
    REQUIRE(one.rows.size() == 1);
    CHECK(one.toJson() == json::parse(R"({"all": [{"field": "state", "glob": "FINISH*"}]})"));
    const auto none = ConditionDraft::fromJson(nullptr);
    CHECK(none.rows.empty());
    CHECK(none.toJson().is_null());
}

TEST_CASE("nested any inside all stays in the JSON mode with the reason") {
    const json when = json::parse(R"({"all": [{"any": [{"field": "kind", "equals": "module"}]}]})");
    const auto d = ConditionDraft::fromJson(when);
    CHECK(d.jsonMode);
    CHECK_FALSE(d.textError.empty());
    CHECK(d.toJson() == when);
}

TEST_CASE("a bad regex row carries the rules layer's error with the position to underline") {
    ConditionRow row;
    row.field = "subject";
    row.op = "regex";
    row.value = "^rhel-(9";
    validateRow(row);
    REQUIRE_FALSE(row.error.empty());
    CHECK(row.error.find("invalid regex") != std::string::npos);
    CHECK(errorPosition(row.error) >= 0);
    row.value = "^rhel-(9)";
    validateRow(row);
    CHECK(row.error.empty());
}

TEST_CASE("an unknown field and a pointer without a slash are reported on the row") {
    ConditionRow row;
    row.field = "colour";
    row.value = "red";
    validateRow(row);
    CHECK(row.error.find("unknown field") != std::string::npos);
    row.field = "body:artifact";
    validateRow(row);
    CHECK_FALSE(row.error.empty());
}

TEST_CASE("operands are typed as the operator needs them") {
    ConditionRow row;
    row.field = "body:/n";
    row.op = "gt";
    row.value = "3";
    CHECK(valueJson(row) == json(3));
    row.value = "three";
    CHECK_THROWS_AS(valueJson(row), std::invalid_argument);
    row.op = "in";
    row.value = "a, b ,c";
    CHECK(valueJson(row) == json::parse(R"(["a", "b", "c"])"));
    row.op = "exists";
    row.value = "false";
    CHECK(valueJson(row) == json(false));
    row.op = "equals";
    row.value = "9.4";
    CHECK(valueJson(row) == json("9.4"));  // a version stays text unless the row held a number
}
