#include "store/sql_glob.hpp"

#include <stdexcept>

#include <sqlite3.h>

#include "model/glob.hpp"

namespace switchboard::store {

namespace {

// sqlite3_value_text before sqlite3_value_bytes, in that order, as SQLite's documentation asks:
// the text conversion may change the byte count.
std::string_view textArgument(sqlite3_value* value) {
    const auto* text = reinterpret_cast<const char*>(sqlite3_value_text(value));
    return {text, static_cast<size_t>(sqlite3_value_bytes(value))};
}

void sbGlob(sqlite3_context* context, int, sqlite3_value** args) {
    if (sqlite3_value_type(args[0]) == SQLITE_NULL || sqlite3_value_type(args[1]) == SQLITE_NULL) {
        sqlite3_result_null(context);
        return;
    }
    const std::string_view pattern = textArgument(args[0]);
    const std::string_view text = textArgument(args[1]);
    sqlite3_result_int(context, model::globMatch(pattern, text) ? 1 : 0);
}

}  // namespace

void registerGlobFunction(SQLite::Database& sql) {
    const int rc = sqlite3_create_function_v2(sql.getHandle(), "sb_glob", 2,
                                              SQLITE_UTF8 | SQLITE_DETERMINISTIC, nullptr, sbGlob,
                                              nullptr, nullptr, nullptr);
    if (rc != SQLITE_OK)
        throw std::runtime_error(std::string("cannot register sb_glob: ") + sqlite3_errstr(rc));
}

std::optional<GlobRange> globPrefixRange(std::string_view pattern) {
    const size_t wildcard = pattern.find_first_of("*?[");
    if (wildcard == 0) return std::nullopt;
    GlobRange range;
    range.low = std::string(pattern.substr(0, wildcard));
    range.exact = wildcard == std::string_view::npos;
    range.whole = range.exact || (pattern[wildcard] == '*' && wildcard + 1 == pattern.size());
    if (range.exact) return range;
    // The first text past every one that starts with the prefix: the prefix with its last byte
    // one higher (a last byte of 0xFF cannot be raised, so it is dropped first).
    std::string high = range.low;
    while (!high.empty() && static_cast<unsigned char>(high.back()) == 0xFF) high.pop_back();
    if (!high.empty()) {
        high.back() = static_cast<char>(static_cast<unsigned char>(high.back()) + 1);
        range.high = std::move(high);
    }
    return range;
}

}  // namespace switchboard::store
