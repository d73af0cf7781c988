#include "store/text_search.hpp"

#include <algorithm>

#include <SQLiteCpp/Statement.h>

#include "model/utf8.hpp"

namespace switchboard::store {

namespace {

// How one kind of sender writes a string inside JSON, beyond the escapes every sender makes
// (quotes, backslashes and control characters).
struct JsonStyle {
    bool asciiOnly = false;      // past ASCII as \uXXXX (a surrogate pair past U+FFFF)
    bool upperHex = false;       // \u00E9 rather than \u00e9
    std::string_view asUnicode;  // ASCII characters also written as \u00XX (HTML-safe output)
    bool slash = false;          // '/' as '\/'
};

// The senders on Fedora's and Red Hat's buses, and the libraries behind them. Most spellings are
// the same for a given text (an ASCII id has one), and each is searched once.
constexpr JsonStyle kJsonStyles[] = {
    {},                              // nlohmann/json, serde, Ruby, Python with ensure_ascii=False
    {true, false, "", false},        // Python's json.dumps by default (fedora-messaging)
    {false, false, "<>&", false},    // Go's encoding/json (Prow, Gangway)
    {false, false, "<>&='", false},  // Gson by default
    {true, true, "", false},         // Jackson with ESCAPE_NON_ASCII
    {true, false, "", true},         // PHP's json_encode by default
    {false, false, "", true},        // json-simple (its escapes of a few ranges past ASCII aside)
};

void appendHex4(std::string& out, uint32_t unit, bool upperHex) {
    const char* hex = upperHex ? "0123456789ABCDEF" : "0123456789abcdef";
    out += "\\u";
    for (int shift = 12; shift >= 0; shift -= 4) out += hex[(unit >> shift) & 0xF];
}

// `text` as it reads inside a JSON string written in `style`. Bytes that are not UTF-8 stay as
// they are.
std::string jsonEscaped(const std::string& text, const JsonStyle& style) {
    std::string out;
    for (size_t i = 0; i < text.size();) {
        const auto c = static_cast<unsigned char>(text[i]);
        switch (c) {
            case '"': out += "\\\""; ++i; continue;
            case '\\': out += "\\\\"; ++i; continue;
            case '\n': out += "\\n"; ++i; continue;
            case '\r': out += "\\r"; ++i; continue;
            case '\t': out += "\\t"; ++i; continue;
            case '\b': out += "\\b"; ++i; continue;
            case '\f': out += "\\f"; ++i; continue;
            default: break;
        }
        const bool asUnicode =
            c < 0x80 && style.asUnicode.find(static_cast<char>(c)) != std::string_view::npos;
        if (c < 0x20 || asUnicode) {
            appendHex4(out, c, style.upperHex);
            ++i;
            continue;
        }
        if (c == '/' && style.slash) {
            out += "\\/";
            ++i;
            continue;
        }
        const size_t length = c < 0x80 ? 1 : model::utf8SequenceLength(text, i);
        if (!style.asciiOnly || c < 0x80 || length == 0) {
            out.append(text, i, length ? length : 1);
            i += length ? length : 1;
            continue;
        }
        uint32_t point = c & (0xFF >> (length + 1));
        for (size_t k = 1; k < length; ++k)
            point = (point << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
        if (point >= 0x10000) {
            point -= 0x10000;
            appendHex4(out, 0xD800 + (point >> 10), style.upperHex);
            appendHex4(out, 0xDC00 + (point & 0x3FF), style.upperHex);
        } else {
            appendHex4(out, point, style.upperHex);
        }
        i += length;
    }
    return out;
}

std::string joined(size_t count, const std::string& one, const char* glue) {
    std::string out;
    for (size_t i = 0; i < count; ++i) out += (i ? glue : "") + one;
    return out;
}

// "(a OR b ...) AND (c OR ...)" over the texts' spellings, `one` per spelling (with `perSpelling`
// parameters each), their parameters appended to `binds`; `absent` texts under one NOT.
std::string condition(const TextSearch& search, const std::string& one, int perSpelling,
                      std::vector<std::string>& binds) {
    const auto anyOf = [&](const std::string& text) {
        const std::vector<std::string> ways = jsonSpellings(text);
        for (const std::string& way : ways)
            binds.insert(binds.end(), static_cast<size_t>(perSpelling), way);
        return "(" + joined(ways.size(), one, " OR ") + ")";
    };
    std::string out;
    for (const std::string& text : search.present)
        out += (out.empty() ? "" : " AND ") + anyOf(text);
    std::string absent;
    for (const std::string& text : search.absent)
        absent += (absent.empty() ? "" : " OR ") + anyOf(text);
    if (!absent.empty()) out += (out.empty() ? "NOT (" : " AND NOT (") + absent + ")";
    return out.empty() ? "1" : out;
}

}  // namespace

std::vector<std::string> jsonSpellings(const std::string& text) {
    std::vector<std::string> ways{text};
    for (const JsonStyle& style : kJsonStyles) {
        std::string way = jsonEscaped(text, style);
        if (std::find(ways.begin(), ways.end(), way) == ways.end()) ways.push_back(std::move(way));
    }
    return ways;
}

std::string rawTextCondition(const TextSearch& search, const std::string& alias,
                             std::vector<std::string>& binds) {
    return condition(search,
                     "instr(" + alias + ".body, ?) > 0 OR instr(" + alias + ".headers, ?) > 0", 2,
                     binds);
}

std::vector<int64_t> eventIdsContaining(SQLite::Database& sql, const TextSearch& search,
                                        int64_t from, int64_t to) {
    std::vector<std::string> binds;
    const std::string condition = rawTextCondition(search, "r", binds);
    SQLite::Statement stmt(sql, "SELECT id FROM event_raw r WHERE id BETWEEN ? AND ? AND " +
                                    condition + " ORDER BY id");
    stmt.bind(1, static_cast<int64_t>(from));
    stmt.bind(2, static_cast<int64_t>(to));
    int index = 3;
    for (const std::string& text : binds) stmt.bind(index++, text);
    std::vector<int64_t> ids;
    while (stmt.executeStep()) ids.push_back(stmt.getColumn(0).getInt64());
    return ids;
}

std::vector<int64_t> quarantineIdsContaining(SQLite::Database& sql, const TextSearch& search,
                                             int64_t from, int64_t to) {
    // raw is a BLOB: the texts bind as blobs too, so that instr compares bytes (a blob and a
    // text would both be read as text, and stop at the first NUL of a binary line).
    std::vector<std::string> binds;
    const std::string where = condition(search, "instr(raw, ?) > 0", 1, binds);
    SQLite::Statement stmt(sql, "SELECT id FROM quarantine WHERE id BETWEEN ? AND ? AND " +
                                    where + " ORDER BY id");
    stmt.bind(1, static_cast<int64_t>(from));
    stmt.bind(2, static_cast<int64_t>(to));
    int index = 3;
    for (const std::string& text : binds)
        stmt.bind(index++, static_cast<const void*>(text.data()), static_cast<int>(text.size()));
    std::vector<int64_t> ids;
    while (stmt.executeStep()) ids.push_back(stmt.getColumn(0).getInt64());
    return ids;
}

}  // namespace switchboard::store
