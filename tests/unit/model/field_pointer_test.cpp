// model::FieldPointer: names, pointer validation, the stored form and back.
#include <catch2/catch.hpp>

#include "model/field_pointer.hpp"

using namespace switchboard::model;

TEST_CASE("a field pointer's pointer must be an RFC 6901 pointer to one value") {
    CHECK(pointerError("/errata_id").empty());
    CHECK(pointerError("/artifact/builds/0/nvr").empty());
    CHECK(pointerError("/a~1b/c~0d").empty());
    CHECK(pointerError("").find("starts with '/'") != std::string::npos);
    CHECK(pointerError("errata_id").find("not a JSON pointer") != std::string::npos);
    CHECK(pointerError("/a~2").find("not a JSON pointer") != std::string::npos);
}

TEST_CASE("field and part names read back as what they name") {
    for (auto field : {PointerField::Subject, PointerField::State, PointerField::Component,
                       PointerField::Product, PointerField::Version})
        CHECK(parsePointerField(pointerFieldName(field)) == field);
    CHECK_FALSE(parsePointerField("arch").has_value());
    CHECK(parsePointerPart("headers") == PointerPart::Headers);
    CHECK(parsePointerPart("body") == PointerPart::Body);
    CHECK_FALSE(parsePointerPart("envelope").has_value());
}

TEST_CASE("a field pointer describes itself and round-trips through its stored form") {
    FieldPointer p;
    p.id = 7;
    p.field = PointerField::State;
    p.part = PointerPart::Headers;
    p.pointer = "/to";
    p.topic_glob = "*.errata.activity.status";
    CHECK(describe(p) == "state from headers /to on *.errata.activity.status");
    const nlohmann::json stored = toJson(p);
    CHECK(stored["id"] == 7);
    CHECK(stored["in"] == "headers");
    CHECK(stored["field"] == "state");
    const FieldPointer back = fieldPointerFromJson(stored);
    CHECK(back.field == p.field);
    CHECK(back.part == p.part);
    CHECK(back.pointer == p.pointer);
    CHECK(back.topic_glob == p.topic_glob);

    p.part = PointerPart::Body;
    CHECK(describe(p) == "state from /to on *.errata.activity.status");
}

TEST_CASE("a field pointer's stored form has defaults and names what is wrong") {
    const FieldPointer p = fieldPointerFromJson({{"pointer", "/nvr"}});
    CHECK(p.field == PointerField::Subject);
    CHECK(p.part == PointerPart::Body);
    CHECK(p.topic_glob == "*");
    CHECK_THROWS_WITH(fieldPointerFromJson({{"pointer", "nvr"}}), Catch::Contains("'pointer'"));
    CHECK_THROWS_WITH(fieldPointerFromJson({{"pointer", "/x"}, {"field", "arch"}}),
                      Catch::Contains("'field'"));
    CHECK_THROWS_WITH(fieldPointerFromJson({{"pointer", "/x"}, {"in", 3}}),
                      Catch::Contains("'in' must be a string"));
    CHECK_THROWS_WITH(fieldPointerFromJson({{"pointer", "/x"}, {"topic", ""}}),
                      Catch::Contains("'topic'"));
    CHECK_THROWS(fieldPointerFromJson(nlohmann::json::array()));
}

TEST_CASE(
    "pointerError accepts every pointer RFC 6901 allows and names what is wrong with others") {
    CHECK(pointerError("/a/0").empty());
    CHECK(pointerError("/").empty());  // the member named "" is one value
    CHECK(pointerError("/builds/-").empty());
    CHECK(pointerError("x") ==
          "not a JSON pointer: JSON pointer must be empty or begin with '/' "
          "- was: 'x'");
    CHECK(pointerError("/a~").find("'~' must be followed with '0' or '1'") != std::string::npos);
    CHECK(pointerError("/a~2").find("'~' must be followed with '0' or '1'") != std::string::npos);
    CHECK(pointerError("a/b").find("not a JSON pointer") == 0);
    CHECK_FALSE(pointerError("").empty());
}

TEST_CASE("a field pointer's stored form has exactly the keys it was given") {
    FieldPointer fresh;  // not stored yet: no id, no time
    fresh.pointer = "/errata_id";
    const nlohmann::json json = toJson(fresh);
    CHECK(json ==
          nlohmann::json{
              {"topic", "*"}, {"field", "subject"}, {"in", "body"}, {"pointer", "/errata_id"}});
    CHECK(describe(fresh) == "subject from /errata_id on *");

    FieldPointer stored = fresh;
    stored.id = 3;
    stored.created_at = 1704067200250;
    stored.field = PointerField::Version;
    const nlohmann::json full = toJson(stored);
    CHECK(full.size() == 6);
    CHECK(full["id"] == 3);
    CHECK(full["created_at"] == "2024-01-01T00:00:00.250Z");
    CHECK(full["field"] == "version");
    // Reading it back takes what a pointer means, not the store's bookkeeping.
    const FieldPointer back = fieldPointerFromJson(full);
    CHECK(back.id == 0);
    CHECK(back.created_at == 0);
    CHECK(back.field == PointerField::Version);
}

TEST_CASE("every field and part has its own name") {
    CHECK(pointerFieldName(PointerField::Subject) == "subject");
    CHECK(pointerFieldName(PointerField::State) == "state");
    CHECK(pointerFieldName(PointerField::Component) == "component");
    CHECK(pointerFieldName(PointerField::Product) == "product");
    CHECK(pointerFieldName(PointerField::Version) == "version");
    CHECK(pointerPartName(PointerPart::Body) == "body");
    CHECK(pointerPartName(PointerPart::Headers) == "headers");
    CHECK_FALSE(parsePointerField("Subject").has_value());  // names are exact, lower case
    CHECK_FALSE(parsePointerField("").has_value());
}
