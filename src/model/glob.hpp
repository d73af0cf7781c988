// Shell-style glob matching, the one used everywhere a user writes a pattern: rule conditions,
// the console's feed filter and field pointers' topics. Pure.
#pragma once

#include <string_view>

namespace switchboard::model {

// `*` any run of characters (dots and slashes included), `?` one character, `[abc]` / `[a-z]` /
// `[!x]` (or `[^x]`) classes; a `[` without its `]` is an ordinary character. The whole text must
// match. A character is a UTF-8 character, not a byte: `?` matches one "é". Case-sensitive.
bool globMatch(std::string_view pattern, std::string_view text);

}  // namespace switchboard::model
