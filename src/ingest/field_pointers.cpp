#include "ingest/field_pointers.hpp"

#include <algorithm>
#include <optional>

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

// A JSON pointer's reference tokens ("/a~1b/0" -> "a/b", "0"). The store refuses pointers that
// do not parse (model::pointerError), so only the escapes need undoing.
std::vector<std::string> referenceTokens(std::string_view pointer) {
    std::vector<std::string> tokens;
    size_t start = 1;  // after the leading '/'
    while (start <= pointer.size()) {
        const size_t end = std::min(pointer.find('/', start), pointer.size());
        std::string token;
        for (size_t i = start; i < end; ++i) {
            if (pointer[i] == '~' && i + 1 < end) {
                token += pointer[i + 1] == '1' ? '/' : '~';
                ++i;
            } else {
                token += pointer[i];
            }
        }
        tokens.push_back(std::move(token));
        start = end + 1;
    }
    return tokens;
}

// An array index as RFC 6901 writes it: "0", or digits without a leading zero ("-" names the
// element past the end, which is never there). A longer number than 18 digits is past the end
// of any array, and would overflow.
std::optional<size_t> arrayIndex(std::string_view token) {
    if (token.empty() || token.size() > 18 || (token.size() > 1 && token[0] == '0'))
        return std::nullopt;
    size_t index = 0;
    for (char c : token) {
        if (c < '0' || c > '9') return std::nullopt;
        index = index * 10 + static_cast<size_t>(c - '0');
    }
    return index;
}

// The scalar the tokens lead to, as text; "" when one of them is missing or the value is not a
// scalar (text() would read a one-element array as its element).
std::string readAt(JsonRef value, const std::vector<std::string>& tokens) {
    for (const std::string& token : tokens) {
        if (value.isObject()) {
            value = value.member(token);
        } else if (const auto index = arrayIndex(token); value.isArray() && index) {
            value = value.at(*index);
        } else {
            return {};
        }
    }
    return value.isScalar() ? text(value) : std::string();
}

}  // namespace

FieldPointers::FieldPointers(const std::vector<model::FieldPointer>& pointers) {
    for (const model::FieldPointer& p : pointers) {
        if (!model::pointerError(p.pointer).empty()) continue;
        m_pointers.push_back({p.topic_glob, p.field, p.part, referenceTokens(p.pointer)});
    }
}

int FieldPointers::apply(model::Event& event) const {
    return apply(event, event.body, event.headers);
}

int FieldPointers::apply(model::Event& event, JsonRef body, JsonRef headers) const {
    if (event.kind != model::Kind::Other || m_pointers.empty()) return 0;
    unsigned done = 0;  // one bit per field already set by an earlier pointer
    int set = 0;
    for (const Compiled& p : m_pointers) {
        const unsigned bit = 1u << static_cast<int>(p.field);
        if ((done & bit) != 0 || !model::globMatch(p.topicGlob, event.topic)) continue;
        const JsonRef part = p.part == model::PointerPart::Headers ? headers : body;
        std::string value = readAt(part, p.tokens);
        if (value.empty()) continue;
        target(event, p.field) = std::move(value);
        done |= bit;
        ++set;
    }
    return set;
}

}  // namespace switchboard::ingest
