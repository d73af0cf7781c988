// Trigger lists (DESIGN section 4): named lists of jobs with an active flag and an optional date
// window, imported from and exported to the Gangway trigger JSON exactly. Value types and pure
// functions with no I/O; safe to use from any thread.
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace switchboard::model {

struct TriggerEntry {
    std::string job_name;
    bool active = true;
    // As written by the user: a date (2026-12-01) or an RFC 3339 time; UTC when no offset.
    // Empty = no bound. active_after is inclusive, active_until exclusive.
    std::string active_after;
    std::string active_until;
    std::string backend;  // empty = the list's backend
    nlohmann::json params = nlohmann::json::object();
    // Keys Switchboard does not know, exported back as they came.
    nlohmann::json extra = nlohmann::json::object();
    // Every key of the entry in the order it was imported, so that export keeps that order.
    std::vector<std::string> key_order;
};

struct TriggerList {
    int64_t id = 0;  // 0 while not stored
    std::string name;
    std::string backend;  // default backend of its entries
    std::vector<TriggerEntry> entries;
    int64_t created_at = 0;
    int64_t updated_at = 0;
};

enum class EntryState { Active, Inactive, NotYet, Expired };
std::string_view entryStateName(EntryState state);  // "active", "inactive", "not-yet", "expired"

// Inactive when the flag is off; else not-yet before active_after, expired at or after
// active_until, active otherwise. A bound that does not parse counts as no bound (validateEntry
// keeps such entries out of the store).
EntryState entryState(const TriggerEntry& entry, int64_t nowMs);
inline bool isActiveNow(const TriggerEntry& entry, int64_t nowMs) {
    return entryState(entry, nowMs) == EntryState::Active;
}

// Bad list input; the message names the entry (its number from 1, as the editor shows it, and
// its job_name when known).
struct ListError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// What keeps an entry out of the store, and which field it is in, so that an editor can mark
// that cell as it is typed instead of refusing at Save.
struct EntryProblem {
    enum class Field { None, JobName, ActiveAfter, ActiveUntil, Params };
    Field field = Field::None;
    std::string message;  // "" when the entry is fine
};
// The first problem of the entry: job_name empty, a bound that does not parse, until <= after
// (reported on active_until), params not an object.
EntryProblem entryProblem(const TriggerEntry& entry);

// Throws ListError with entryProblem's message, prefixed by `where` ("entry 3 (job-x)").
void validateEntry(const TriggerEntry& entry, const std::string& where);

// Parses a Gangway trigger list (a JSON array of {"job_name", "active", ...}); throws ListError
// naming the entry for: not an array, an entry that is not an object, no job_name, active not a
// boolean, a date that does not parse, until before after, params not an object. An entry without
// "active" is inactive: the trigger step fires `select(.active == true)`.
std::vector<TriggerEntry> parseGangwayList(std::string_view jsonText);

// The Gangway JSON of the entries: the keys each entry was imported with, in that order, then any
// known key with a non-default value. parseGangwayList(text) exported is JSON-equal to text.
nlohmann::ordered_json toGangwayJson(const std::vector<TriggerEntry>& entries);
nlohmann::ordered_json entryToJson(const TriggerEntry& entry);

// The whole list for audit rows and the GUI: {"name", "backend", "entries": [...]}.
nlohmann::json listToJson(const TriggerList& list);

}  // namespace switchboard::model
