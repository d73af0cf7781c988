#include "ingest/root_members.hpp"

#include <algorithm>
#include <cstdint>
#include <cstring>

#include "model/text_search.hpp"

namespace switchboard::ingest {

namespace {

constexpr uint64_t kOnes = 0x0101010101010101ULL;
constexpr uint64_t kHighBits = 0x8080808080808080ULL;

// Non-zero exactly when some byte of the word equals `byte`.
uint64_t hasByte(uint64_t word, unsigned char byte) {
    const uint64_t x = word ^ (kOnes * byte);
    return (x - kOnes) & ~x & kHighBits;
}

// Every index below is clamped to the text's end, so that a text that is not JSON after all
// gives empty or partial members, never a view past the end.
size_t skipSpace(std::string_view s, size_t i) {
    if (i > s.size()) return s.size();
    while (i < s.size() && model::isBlank(s[i])) ++i;
    return i;
}

// The index of the quote that closes the string whose text starts at i (s.size() if none).
// Most of a message's bytes are string text: words of 8 without a quote or a backslash are
// stepped over whole.
size_t stringEnd(std::string_view s, size_t i, bool* sawBackslash = nullptr) {
    for (;;) {
        while (i + 8 <= s.size()) {
            uint64_t word;
            std::memcpy(&word, s.data() + i, sizeof word);
            if ((hasByte(word, '"') | hasByte(word, '\\')) != 0) break;
            i += 8;
        }
        while (i < s.size() && s[i] != '"' && s[i] != '\\') ++i;
        if (i >= s.size()) return s.size();
        if (s[i] == '"') return i;
        if (sawBackslash != nullptr) *sawBackslash = true;
        i += 2;  // the backslash and the character it escapes
    }
}

// One past the end of the value that starts at i.
size_t valueEnd(std::string_view s, size_t i) {
    if (i >= s.size()) return i;
    if (s[i] == '"') return std::min(stringEnd(s, i + 1) + 1, s.size());
    if (s[i] != '{' && s[i] != '[') {  // a number, true, false or null
        while (i < s.size() && s[i] != ',' && s[i] != '}' && s[i] != ']' && !model::isBlank(s[i])) ++i;
        return i;
    }
    int depth = 0;
    for (; i < s.size(); ++i) {
        const char c = s[i];
        if (c == '"') {
            i = stringEnd(s, i + 1);
        } else if (c == '{' || c == '[') {
            ++depth;
        } else if ((c == '}' || c == ']') && --depth == 0) {
            return i + 1;
        }
    }
    return s.size();
}

}  // namespace

RootMembers locateRootMembers(std::string_view s) {
    RootMembers members;
    // nlohmann/json, which parses what simdjson refuses, skips a UTF-8 byte order mark.
    constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";
    size_t i = skipSpace(s, s.substr(0, 3) == kByteOrderMark ? 3 : 0);
    if (i >= s.size() || s[i] != '{') return members;
    i = skipSpace(s, i + 1);
    while (i < s.size() && s[i] == '"') {
        bool escaped = false;
        const size_t keyEnd = stringEnd(s, i + 1, &escaped);
        const std::string_view key = s.substr(i + 1, keyEnd - (i + 1));
        if (escaped) members.escapedKey = true;
        i = skipSpace(s, keyEnd + 1);  // at the colon
        const size_t valueStart = skipSpace(s, i + 1);
        i = valueEnd(s, valueStart);
        const std::string_view value = s.substr(valueStart, i - valueStart);
        if (key == "body")
            members.body = value;
        else if (key == "msg")
            members.msg = value;
        else if (key == "headers")
            members.headers = value;
        i = skipSpace(s, i);
        if (i >= s.size() || s[i] != ',') break;  // the closing brace
        i = skipSpace(s, i + 1);
    }
    return members;
}

}  // namespace switchboard::ingest
