#include "model/glob.hpp"

namespace switchboard::model {

namespace {

constexpr size_t npos = std::string_view::npos;

// Reads the character at s[i] and moves i past it. Characters, not bytes, so that `?` and a
// class take one accented or CJK letter as SQLite's GLOB does. A byte that does not start a
// well-formed sequence stands for itself (stored text is valid UTF-8; a pattern may not be).
char32_t readChar(std::string_view s, size_t& i) {
    const auto lead = static_cast<unsigned char>(s[i]);
    const size_t extra = lead < 0xC2 ? 0 : lead < 0xE0 ? 1 : lead < 0xF0 ? 2 : lead <= 0xF4 ? 3 : 0;
    if (extra == 0 || i + extra >= s.size()) {
        ++i;
        return lead;
    }
    char32_t c = lead & (0x3F >> extra);
    for (size_t k = 1; k <= extra; ++k) {
        const auto next = static_cast<unsigned char>(s[i + k]);
        if ((next & 0xC0) != 0x80) {
            ++i;
            return lead;
        }
        c = (c << 6) | (next & 0x3F);
    }
    i += extra + 1;
    return c;
}

// Matches the class that starts at pattern[open] == '[' against `c`. Returns the index after
// its `]`, or npos when the class has no `]` (then the `[` is literal).
size_t matchClass(std::string_view pattern, size_t open, char32_t c, bool& matched) {
    size_t q = open + 1;
    bool negate = false;
    if (q < pattern.size() && (pattern[q] == '!' || pattern[q] == '^')) {
        negate = true;
        ++q;
    }
    bool hit = false;
    bool first = true;  // a `]` right after `[` or `[!` is a member, not the end
    while (q < pattern.size() && (pattern[q] != ']' || first)) {
        first = false;
        const char32_t lo = readChar(pattern, q);
        char32_t hi = lo;
        if (q + 1 < pattern.size() && pattern[q] == '-' && pattern[q + 1] != ']') {
            ++q;
            hi = readChar(pattern, q);
        }
        if (c >= lo && c <= hi) hit = true;
    }
    if (q >= pattern.size()) return npos;
    matched = hit != negate;
    return q + 1;
}

}  // namespace

bool globMatch(std::string_view pattern, std::string_view text) {
    // Greedy with one backtrack point (the last `*`): linear in practice, never exponential.
    size_t p = 0, t = 0, starP = npos, starT = 0;
    while (t < text.size()) {
        if (p < pattern.size()) {
            const char pc = pattern[p];
            if (pc == '*') {
                starP = p++;
                starT = t;
                continue;
            }
            size_t nextT = t;
            const char32_t tc = readChar(text, nextT);
            if (pc == '?') {
                ++p;
                t = nextT;
                continue;
            }
            bool matched = false;
            const size_t after = pc == '[' ? matchClass(pattern, p, tc, matched) : npos;
            if (after != npos) {
                if (matched) {
                    p = after;
                    t = nextT;
                    continue;
                }
            } else if (pc == text[t]) {
                ++p;
                ++t;
                continue;
            }
        }
        if (starP == npos) return false;
        p = starP + 1;
        readChar(text, starT);  // the star takes one more character
        t = starT;
    }
    while (p < pattern.size() && pattern[p] == '*') ++p;
    return p == pattern.size();
}

}  // namespace switchboard::model
