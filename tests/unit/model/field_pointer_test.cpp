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
