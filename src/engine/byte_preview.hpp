// Quarantined bytes made readable: what the console's detail view and `switchboard quarantine
// show` print of a message that could not be parsed (invalid UTF-8, binary, truncated JSON).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace switchboard::engine {

// The bytes as text: valid UTF-8 as it is (line breaks and tabs included); every byte that is
// not (an invalid or cut sequence, a control character, DEL) as \xNN, so that nothing is
// silently dropped or replaced. At most `maxBytes` of the input are shown (never a cut
// character); `*shown` gets how many were.
std::string escapedText(std::string_view bytes, size_t maxBytes, size_t* shown = nullptr);

// Text for one line of a table or a log: as escapedText, and line breaks, tabs and the C1
// controls (U+0080-U+009F, which some terminals obey as escape sequences) as \xNN or \u00NN too,
// so that a message's text can neither break a line nor drive the reader's terminal.
std::string oneLineText(std::string_view text);

// Offset, 16 bytes in hex and their printable ASCII per line (`hexdump -C`'s layout), for at most
// `maxBytes` of the input.
std::string hexDump(std::string_view bytes, size_t maxBytes);

}  // namespace switchboard::engine
