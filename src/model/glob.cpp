#include "model/glob.hpp"

namespace switchboard::model {

namespace {

// Matches the class starting at pattern[open] == '[' against `c`. Returns the index after its
// `]`, or npos when the class has no `]` (then the `[` is literal).
size_t matchClass(std::string_view pattern, size_t open, char c, bool& matched) {
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
        char lo = pattern[q], hi = lo;
        if (q + 2 < pattern.size() && pattern[q + 1] == '-' && pattern[q + 2] != ']') {
            hi = pattern[q + 2];
            q += 2;
        }
        if (c >= lo && c <= hi) hit = true;
        ++q;
    }
    if (q >= pattern.size()) return std::string_view::npos;
    matched = hit != negate;
    return q + 1;
}

}  // namespace

bool globMatch(std::string_view pattern, std::string_view text) {
    // Greedy with one backtrack point (the last `*`): linear in practice, never exponential.
    size_t p = 0, t = 0, starP = std::string_view::npos, starT = 0;
    while (t < text.size()) {
        if (p < pattern.size()) {
            const char pc = pattern[p];
            if (pc == '*') {
                starP = p++;
                starT = t;
                continue;
            }
            if (pc == '?') {
                ++p;
                ++t;
                continue;
            }
            bool matched = false;
            const size_t after =
                pc == '[' ? matchClass(pattern, p, text[t], matched) : std::string_view::npos;
            if (after != std::string_view::npos) {
                if (matched) {
                    p = after;
                    ++t;
                    continue;
                }
            } else if (pc == text[t]) {
                ++p;
                ++t;
                continue;
            }
        }
        if (starP == std::string_view::npos) return false;
        p = starP + 1;
        t = ++starT;
    }
    while (p < pattern.size() && pattern[p] == '*') ++p;
    return p == pattern.size();
}

}  // namespace switchboard::model
