// The glob of `switchboard events --subject / --topic` in SQL. SQLite's own GLOB reads `[!x]` as
// the class {'!', 'x'} and a `[` without its `]` as matching nothing, where the feed filter, the
// rules and field pointers (model::globMatch) read "not x" and a literal `[`: the same pattern
// answered differently in the console and on the command line. So SQL calls model::globMatch
// itself, and an index range from the pattern's literal prefix keeps it as fast as GLOB was.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <SQLiteCpp/Database.h>

namespace switchboard::store {

// Registers sb_glob(pattern, text) on the connection: 1 when model::globMatch matches, else 0;
// NULL when either argument is NULL.
void registerGlobFunction(SQLite::Database& sql);

// Every text the pattern matches is >= low and, when high is set, < high (bytewise, as the
// BINARY collation compares): the literal characters before the pattern's first `*`, `?` or `[`.
// exact when the pattern has none of those, so matches only itself; whole when the range alone
// is the answer (the pattern is the prefix and one final `*`: "RHEL-9.*"), so no row needs
// sb_glob. nullopt when the pattern starts with one of them.
struct GlobRange {
    std::string low;
    std::optional<std::string> high;
    bool exact = false;
    bool whole = false;
};
std::optional<GlobRange> globPrefixRange(std::string_view pattern);

}  // namespace switchboard::store
