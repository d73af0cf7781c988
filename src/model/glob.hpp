// Shell-style glob matching, the one used everywhere a user writes a pattern: rule conditions,
// the console's feed filter and field pointers' topics. Pure.
#pragma once

#include <string_view>

namespace switchboard::model {

// `*` any run of characters (dots and slashes included), `?` one character, `[abc]` / `[a-z]` /
// `[!x]` classes; a `[` without its `]` is an ordinary character. The whole text must match.
bool globMatch(std::string_view pattern, std::string_view text);

}  // namespace switchboard::model
