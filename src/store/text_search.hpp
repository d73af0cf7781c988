// Searching the messages' own text, as datagrepper's `contains` does: which stored events hold a
// string in their body or headers as they arrived (event_raw), and which quarantined lines hold
// it in their bytes. The facets cannot answer "which messages mention task 1234567 or this
// NVR's build id": only the whole message can. No index serves a substring, so this is a scan;
// the console searches a range of ids at a time (engine::BodySearch) to keep each step short.
// Bytewise and case-sensitive (SQLite's instr): ids, NVRs and hashes are exact. The text is the
// JSON as received, so a text is looked for as typed and as a sender would have written it inside
// a JSON string (jsonSpellings): "Lukáš" is found where Python's json.dumps sent "Luk\u00e1\u0161".
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <SQLiteCpp/Database.h>

namespace switchboard::store {

struct TextSearch {
    std::vector<std::string> present;  // every one must appear
    std::vector<std::string> absent;   // none may appear
    bool empty() const { return present.empty() && absent.empty(); }
};

// `text` as typed, and as each kind of sender writes it inside a JSON string: JSON's escapes for
// quotes, backslashes and control characters (all of them); every non-ASCII character as \uXXXX
// (Python's json.dumps by default, and fedora-messaging with it; PHP; Jackson in upper-case hex);
// < > & as \u003c \u003e \u0026 (Go's encoding/json; Gson, with = and ' too); '/' as '\/' (PHP,
// json-simple). Each spelling once.
std::vector<std::string> jsonSpellings(const std::string& text);

// The condition on one row of event_raw (its columns named `alias`.body and `alias`.headers): a
// text appears when one of its spellings is in the body or in the headers. Its parameters (each
// spelling twice) are appended to `binds` in the order the condition uses them.
std::string rawTextCondition(const TextSearch& search, const std::string& alias,
                             std::vector<std::string>& binds);

// Ids in [from, to] of the stored events whose text meets `search`, ascending.
std::vector<int64_t> eventIdsContaining(SQLite::Database& sql, const TextSearch& search,
                                        int64_t from, int64_t to);
// The same for quarantined messages, over their exact bytes.
std::vector<int64_t> quarantineIdsContaining(SQLite::Database& sql, const TextSearch& search,
                                             int64_t from, int64_t to);

}  // namespace switchboard::store
