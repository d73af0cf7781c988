// UTF-8 validation as RFC 3629 defines it, shared by the parser's pre-scan (which refuses a line
// that is not UTF-8), the quarantine's byte preview (which shows each byte that is not) and the
// AMQP header reader (which replaces what is not), and the quarantine's choice of text or hex.
#pragma once

#include <cstddef>
#include <string_view>

namespace switchboard::model {

// The length of the valid UTF-8 sequence starting at s[i] (1 for ASCII), or 0 when there is none:
// a stray continuation byte, an overlong form, a surrogate, a code point past U+10FFFF, or a
// sequence cut by the end of `s`. Requires i < s.size().
size_t utf8SequenceLength(std::string_view s, size_t i);

// True when every byte of `s` belongs to a valid sequence.
bool isUtf8(std::string_view s);

}  // namespace switchboard::model
