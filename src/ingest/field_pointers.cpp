#include "ingest/field_pointers.hpp"

#include "ingest/json_fields.hpp"
#include "model/glob.hpp"

namespace switchboard::ingest {

namespace {

std::string& target(model::Event& event, model::PointerField field) {
    switch (field) {
        case model::PointerField::State:
            return event.state;
        case model::PointerField::Component:
            return event.component;
        case model::PointerField::Product:
            return event.product;
        case model::PointerField::Version:
            return event.version;
        case model::PointerField::Subject:
            break;
    }
    return event.subject;
}

// The value at `pointer` as text; "" when it is missing, null or not a scalar.
std::string readAt(const Json& body, const Json::json_pointer& pointer) {
    try {
        if (!body.contains(pointer)) return {};
        // Scalars only: text() would read a one-element array as its element.
        const Json& value = body.at(pointer);
        return value.is_primitive() ? text(value) : std::string();
    } catch (const Json::exception&) {
        return {};  // an array index that is not a number ("/builds/first")
    }
}

}  // namespace

FieldPointers::FieldPointers(const std::vector<model::FieldPointer>& pointers) {
    for (const model::FieldPointer& p : pointers) {
        if (!model::pointerError(p.pointer).empty()) continue;
        m_pointers.push_back({p.topic_glob, p.field, p.part, Json::json_pointer(p.pointer)});
    }
}

int FieldPointers::apply(model::Event& event) const {
    if (event.kind != model::Kind::Other || m_pointers.empty()) return 0;
    unsigned done = 0;  // one bit per field already set by an earlier pointer
    int set = 0;
    for (const Compiled& p : m_pointers) {
        const unsigned bit = 1u << static_cast<int>(p.field);
        if ((done & bit) != 0 || !model::globMatch(p.topicGlob, event.topic)) continue;
        const Json& part = p.part == model::PointerPart::Headers ? event.headers : event.body;
        if (!part.is_structured()) continue;
        std::string value = readAt(part, p.pointer);
        if (value.empty()) continue;
        target(event, p.field) = std::move(value);
        done |= bit;
        ++set;
    }
    return set;
}

}  // namespace switchboard::ingest
