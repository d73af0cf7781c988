// A field pointer: the user's answer to "where is the subject of these messages?" for messages no
// family knows (DESIGN section 3: kind `other`, subject from user-configured JSON pointers). Each
// one names a topic glob, a normalized field and an RFC 6901 JSON pointer into the body or the
// headers (UMB messages such as Errata Tool's carry their facts as headers, with an empty body).
// A value type with no I/O.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace switchboard::model {

// The normalized fields a pointer may set: the single-valued facets rules and filters use.
enum class PointerField { Subject, State, Component, Product, Version };

inline constexpr PointerField kPointerFields[] = {PointerField::Subject, PointerField::State,
                                                  PointerField::Component, PointerField::Product,
                                                  PointerField::Version};

std::string_view pointerFieldName(PointerField field);  // "subject", "state", ...
std::optional<PointerField> parsePointerField(std::string_view name);

// Which part of the message a pointer reads.
enum class PointerPart { Body, Headers };
inline constexpr PointerPart kPointerParts[] = {PointerPart::Body, PointerPart::Headers};

std::string_view pointerPartName(PointerPart part);  // "body", "headers"
std::optional<PointerPart> parsePointerPart(std::string_view name);

struct FieldPointer {
    int64_t id = 0;                // the store's row id; also the order pointers are tried in
    std::string topic_glob = "*";  // model::globMatch against the event's whole topic
    PointerField field = PointerField::Subject;
    PointerPart part = PointerPart::Body;
    std::string pointer;     // "/errata_id", "/artifact/builds/0/nvr"
    int64_t created_at = 0;  // ms since the epoch, UTC
};

// An empty string when `pointer` is a valid JSON pointer into a body, else why not ("" itself
// is the whole document, which is never one field's value, so it is refused too).
std::string pointerError(std::string_view pointer);

// "subject from /errata_id on errata.*" ("... from headers /errata_id ..." for the headers): how
// the CLI, the console and the audit log name it.
std::string describe(const FieldPointer& pointer);

// The stored form (`pointers list --json`, audit rows).
nlohmann::json toJson(const FieldPointer& pointer);
// Reads that form back (`field`, `in` and `topic` optional: subject, body, "*"); throws
// std::invalid_argument naming what is wrong.
FieldPointer fieldPointerFromJson(const nlohmann::json& json);

}  // namespace switchboard::model
