// ingest::FieldPointers: the user's pointers applied to `other` events only.
#include <catch2/catch.hpp>

#include <cstring>
#include "helpers.hpp"

#include "ingest/field_pointers.hpp"
#include "ingest/simdjson_dom.hpp"

using namespace switchboard;
using nlohmann::json;
using switchboard::ingest::test::normalizeBody;

namespace {

model::FieldPointer pointer(std::string ptr, std::string glob = "*",
                            model::PointerField field = model::PointerField::Subject,
                            model::PointerPart part = model::PointerPart::Body) {
    model::FieldPointer p;
    p.pointer = std::move(ptr);
    p.topic_glob = std::move(glob);
    p.field = field;
    p.part = part;
    return p;
}

const char* kErrataTopic = "/topic/VirtualTopic.eng.errata.builds.added";
const char* kErrataBody =
    R"({"errata_id": 150088, "product": "RHEL", "brew_build": "firefox-5.11.7-1.el9",
        "builds": [{"nvr": "firefox-5.11.7-1.el9"}], "flags": {"rush": true}, "note": null})";

}  // namespace

TEST_CASE("a pointer sets the field of an other event on a matching topic") {
    model::Event e = normalizeBody(kErrataTopic, kErrataBody);
    REQUIRE(e.kind == model::Kind::Other);
    REQUIRE(e.subject.empty());
    const ingest::FieldPointers pointers({pointer("/errata_id", "*.errata.*")});
    CHECK(pointers.apply(e) == 1);
    CHECK(e.subject == "150088");  // a number reads as its JSON text
}

TEST_CASE("a pointer leaves a recognised family's event alone") {
    model::Event e = normalizeBody("org.fedoraproject.prod.pungi.compose.status.change",
                                   R"({"compose_id": "Fedora-Rawhide-20240101.n.0",
                                       "status": "FINISHED", "errata_id": 1})");
    REQUIRE(e.kind == model::Kind::Compose);
    const std::string before = e.subject;
    const ingest::FieldPointers pointers({pointer("/errata_id")});
    CHECK(pointers.apply(e) == 0);
    CHECK(e.subject == before);
}

TEST_CASE("a pointer applies only where its topic glob matches") {
    model::Event e = normalizeBody(kErrataTopic, kErrataBody);
    const ingest::FieldPointers pointers({pointer("/errata_id", "*.resultsdb.*")});
    CHECK(pointers.apply(e) == 0);
    CHECK(e.subject.empty());
}

TEST_CASE("the first pointer that reads a value wins for its field, and others still fill theirs") {
    model::Event e = normalizeBody(kErrataTopic, kErrataBody);
    const ingest::FieldPointers pointers({
        pointer("/advisory"),  // missing: the next one is tried
        pointer("/builds/0/nvr"),
        pointer("/errata_id"),  // later for the same field: not used
        pointer("/flags/rush", "*", model::PointerField::State),
        pointer("/product", "*", model::PointerField::Product),
    });
    CHECK(pointers.apply(e) == 3);
    CHECK(e.subject == "firefox-5.11.7-1.el9");
    CHECK(e.state == "true");  // a bool reads as true / false
    CHECK(e.product == "RHEL");
}

TEST_CASE("objects, arrays, null and bad indexes read as nothing and keep what was there") {
    model::Event e = normalizeBody(kErrataTopic, kErrataBody);
    e.component = "from-the-normalizer";
    const ingest::FieldPointers pointers({
        pointer("/flags", "*", model::PointerField::Component),
        pointer("/builds", "*", model::PointerField::Component),
        pointer("/note", "*", model::PointerField::Component),
        pointer("/builds/first/nvr", "*", model::PointerField::Component),
        pointer("/builds/7/nvr", "*", model::PointerField::Component),
    });
    CHECK(pointers.apply(e) == 0);
    CHECK(e.component == "from-the-normalizer");
}

TEST_CASE("a headers pointer reads a UMB message whose body is empty") {
    ingest::Message m;
    m.topic = "/topic/VirtualTopic.eng.errata.activity.status";
    m.headers = {{"errata_id", "148030"}, {"to", "QE"}};
    m.body = "";
    model::Event e = ingest::normalize(std::move(m));
    REQUIRE(e.kind == model::Kind::Other);
    const ingest::FieldPointers pointers({
        pointer("/errata_id", "*.errata.*"),  // body: a string has no members
        pointer("/errata_id", "*.errata.*", model::PointerField::Subject,
                model::PointerPart::Headers),
        pointer("/to", "*", model::PointerField::State, model::PointerPart::Headers),
    });
    CHECK(pointers.apply(e) == 2);
    CHECK(e.subject == "148030");
    CHECK(e.state == "QE");
}

TEST_CASE("a stored pointer that does not parse is skipped, the others still apply") {
    model::Event e = normalizeBody(kErrataTopic, kErrataBody);
    const ingest::FieldPointers pointers({pointer("errata_id"), pointer("/brew_build")});
    CHECK(pointers.size() == 1);
    CHECK(pointers.apply(e) == 1);
    CHECK(e.subject == "firefox-5.11.7-1.el9");
}

namespace {

const char* kStatusTopic = "/topic/VirtualTopic.eng.errata.activity.status";
const char* kStatusBody =
    R"({"errata_id": 12345, "to": "QE", "from": "NEW_FILES", "rating": 8.4, "who": "",
        "synopsis": "Moderate: firefox security update", "a/b": "slash", "arches": ["x86_64"],
        "nvr": "firefox-128.5.0-1.el9_5"})";

}  // namespace

TEST_CASE("a pointer that reads a value replaces the normalizer's own reading of an other event") {
    model::Event e = normalizeBody(kStatusTopic, kStatusBody);
    REQUIRE(e.kind == model::Kind::Other);
    REQUIRE(e.subject == "firefox-128.5.0-1.el9_5");  // the common `nvr` key
    const ingest::FieldPointers pointers({pointer("/errata_id")});
    CHECK(pointers.apply(e) == 1);
    CHECK(e.subject == "12345");
}

TEST_CASE("an empty string reads as nothing, so the next pointer for the field is tried") {
    model::Event e = normalizeBody(kStatusTopic, kStatusBody);
    const ingest::FieldPointers pointers({
        pointer("/who", "*", model::PointerField::Component),
        pointer("/from", "*", model::PointerField::Component),
    });
    CHECK(pointers.apply(e) == 1);
    CHECK(e.component == "NEW_FILES");
}

TEST_CASE("numbers read as their JSON text, in every field a pointer can set") {
    model::Event e = normalizeBody(kStatusTopic, kStatusBody);
    const ingest::FieldPointers pointers({
        pointer("/rating", "*", model::PointerField::Version),
        pointer("/errata_id", "*", model::PointerField::Product),
        pointer("/to", "*", model::PointerField::State),
        pointer("/a~1b", "*", model::PointerField::Subject),  // the member "a/b"
    });
    CHECK(pointers.apply(e) == 4);
    CHECK(e.version == "8.4");
    CHECK(e.product == "12345");
    CHECK(e.state == "QE");
    CHECK(e.subject == "slash");
}

TEST_CASE("each event gets the pointers of its own topic") {
    const ingest::FieldPointers pointers({
        pointer("/synopsis", "*.errata.builds.*"),
        pointer("/errata_id", "*.errata.activity.status"),
    });
    model::Event status = normalizeBody(kStatusTopic, kStatusBody);
    model::Event added = normalizeBody(kErrataTopic, R"({"errata_id": 1, "synopsis": "RHBA"})");
    model::Event elsewhere = normalizeBody("/topic/VirtualTopic.eng.resultsdb.result.new",
                                           R"({"errata_id": 2, "synopsis": "x"})");
    REQUIRE(elsewhere.kind == model::Kind::Other);
    CHECK(pointers.apply(status) == 1);
    CHECK(status.subject == "12345");
    CHECK(pointers.apply(added) == 1);
    CHECK(added.subject == "RHBA");
    CHECK(pointers.apply(elsewhere) == 0);
    CHECK(elsewhere.subject.empty());
}

TEST_CASE("a body that is not an object or array gives body pointers nothing to read") {
    for (const char* body : {R"("errata 12345")", "42", "true", "null"}) {
        model::Event e = normalizeBody(kStatusTopic, body);
        REQUIRE(e.kind == model::Kind::Other);
        e.subject = "kept";
        const ingest::FieldPointers pointers({pointer("/errata_id"), pointer("/")});
        CHECK(pointers.apply(e) == 0);
        CHECK(e.subject == "kept");
    }
}

TEST_CASE("no pointers change nothing") {
    model::Event e = normalizeBody(kStatusTopic, kStatusBody);
    const model::Event before = e;
    const ingest::FieldPointers none;
    CHECK(none.empty());
    CHECK(none.apply(e) == 0);
    CHECK(e.subject == before.subject);
    CHECK(e.state == before.state);
}

TEST_CASE("a pointer at a one-element array reads nothing, like any other array") {
    model::Event e = normalizeBody(kStatusTopic, kStatusBody);
    e.component = "from-the-normalizer";
    const ingest::FieldPointers pointers({pointer("/arches", "*", model::PointerField::Component)});
    CHECK(pointers.apply(e) == 0);
    CHECK(e.component == "from-the-normalizer");
}

TEST_CASE("a pointer reads what nlohmann/json's own JSON pointer resolves to, on every path") {
    // The reference: RFC 6901 as nlohmann/json implements it (contains, then at), which the
    // pointers used before they walked either parser's values themselves.
    const auto reference = [](const json& doc, const std::string& text) -> std::string {
        try {
            const json::json_pointer ptr(text);
            if (!doc.is_structured() || !doc.contains(ptr)) return {};
            const json& value = doc.at(ptr);
            if (value.is_string()) return value.get<std::string>();
            return value.is_primitive() && !value.is_null() ? value.dump() : std::string();
        } catch (const json::exception&) {
            return {};  // an index past what a number holds
        }
    };
    const char* const text = R"({"builds": [{"nvr": "a-1-1"}, {"nvr": "b-1-1"}],
        "a/b": "slash", "x~y": "tilde", "~1": "escaped", "": "empty key", "n": null,
        "l": [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, "ten"], "f": 8.5, "u": 18446744073709551615,
        "deep": {"list": [[10, 11], [12]], "flag": true, "": {"": "nested empty"}}, "s": "text"})";
    const json doc = json::parse(text);
    simdjson::dom::parser parser;
    simdjson::dom::element dom;
    REQUIRE(parser.parse(text, std::strlen(text)).get(dom) == simdjson::SUCCESS);
    const char* const paths[] = {
        "/builds/0/nvr",
        "/builds/1/nvr",
        "/builds/01/nvr",
        "/builds/00/nvr",
        "/builds/2/nvr",
        "/builds/-",
        "/builds/-1/nvr",
        "/builds/+1/nvr",
        "/builds/1x/nvr",
        "/builds/ 1/nvr",
        "/builds/99999999999999999999/nvr",
        "/a~1b",
        "/x~0y",
        "/~01",
        "/",
        "//",
        "/n",
        "/n/x",
        "/deep/list/0/1",
        "/deep/list/1/0",
        "/deep/list/1/1",
        "/deep/flag",
        "/deep//",
        "/s/0",
        "/builds",
        "/deep",
        "/missing/0",
        "/builds/",
        "/l/10",
        "/l/11",
        "/l/9",
        "/l/1000000000000000000",
        "/l/010",
        "/f",
        "/u",
    };
    for (const char* path : paths) {
        INFO("pointer " << path);
        model::Event e;
        e.kind = model::Kind::Other;
        e.topic = "t";
        e.body = doc;
        const ingest::FieldPointers pointers({pointer(path)});
        pointers.apply(e);
        CHECK(e.subject == reference(doc, path));
        // The same walk over simdjson's values, as the line ingest reads them.
        model::Event fromDom;
        fromDom.kind = model::Kind::Other;
        fromDom.topic = "t";
        pointers.apply(fromDom, ingest::domRef(dom), ingest::JsonRef());
        CHECK(fromDom.subject == e.subject);
    }
}
