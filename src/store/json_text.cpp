#include "store/json_text.hpp"

#include <charconv>

namespace switchboard::store {

namespace {

using nlohmann::json;

// Deeper than this goes to nlohmann, which guards its own recursion the same way ours would.
constexpr int kMaxPlainDepth = 32;

bool appendString(const std::string& s, std::string& out) {
    if (!plainJsonText(s)) return false;
    out += '"';
    out += s;
    out += '"';
    return true;
}

template <typename Integer>
void appendInteger(Integer n, std::string& out) {
    char digits[24];
    const auto end = std::to_chars(digits, digits + sizeof digits, n).ptr;
    out.append(digits, end);
}

// Appends `value`; false (with `out` half-written) when it needs the full serializer.
bool appendPlain(const json& value, std::string& out, int depth) {
    if (depth > kMaxPlainDepth) return false;
    switch (value.type()) {
        case json::value_t::object: {
            out += '{';
            bool first = true;
            for (auto it = value.begin(); it != value.end(); ++it) {
                if (!first) out += ',';
                first = false;
                if (!appendString(it.key(), out)) return false;
                out += ':';
                if (!appendPlain(it.value(), out, depth + 1)) return false;
            }
            out += '}';
            return true;
        }
        case json::value_t::array: {
            out += '[';
            bool first = true;
            for (const json& item : value) {
                if (!first) out += ',';
                first = false;
                if (!appendPlain(item, out, depth + 1)) return false;
            }
            out += ']';
            return true;
        }
        case json::value_t::string:
            return appendString(value.get_ref<const std::string&>(), out);
        case json::value_t::number_integer:
            appendInteger(value.get<json::number_integer_t>(), out);
            return true;
        case json::value_t::number_unsigned:
            appendInteger(value.get<json::number_unsigned_t>(), out);
            return true;
        case json::value_t::boolean:
            out += value.get<bool>() ? "true" : "false";
            return true;
        case json::value_t::null:
            out += "null";
            return true;
        default:  // floats, binary, discarded
            return false;
    }
}

}  // namespace

bool plainJsonText(std::string_view text) {
    for (const char c : text) {
        const auto u = static_cast<unsigned char>(c);
        if (u < 0x20 || u > 0x7e || c == '"' || c == '\\') return false;
    }
    return true;
}

void writeCompactJson(const json& value, std::string& out) {
    out.clear();
    if (appendPlain(value, out, 0)) return;
    out.clear();
    // The serializer dump() uses, writing into `out` so that its capacity is reused. Stored JSON
    // is written by us, but a string taken from a file name or a header may still carry invalid
    // UTF-8: replace it rather than throw, so that nothing of a batch is lost over one byte.
    nlohmann::detail::serializer<json> writer(nlohmann::detail::output_adapter<char>(out), ' ',
                                              json::error_handler_t::replace);
    writer.dump(value, false, false, 0);
}

}  // namespace switchboard::store
