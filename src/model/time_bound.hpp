// A point in time as an operator types it into a filter: an age ("90s", "15m", "2h", "3d", "1w":
// that long before now), an ISO 8601 date or date-time, or a time of day ("14:00": today). Shared
// by the console's `since:` / `until:` filter terms and `switchboard events --since`.
// Pure functions; any thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace switchboard::model {

enum class Zone {
    Utc,    // a date-time without an offset is UTC (the command line, like every other ISO field)
    Local,  // ... is the local time zone's (the console, whose Time column shows local time)
};

// An age: a whole number and a unit, "90s", "45m", "12h", "30d", "2w", in milliseconds; nullopt
// for anything else, zero, or more than int64 milliseconds hold.
std::optional<int64_t> parseAge(std::string_view text);

// Which end of a date alone a bound means: "since 2026-12-05" starts at its midnight, "until
// 2026-12-05" takes in the whole day.
enum class DayEdge { Start, End };

// Milliseconds since the epoch; nullopt when the text is none of the forms above. An explicit
// offset or Z always wins over `zone`.
std::optional<int64_t> parseTimeBound(std::string_view text, int64_t nowMs, Zone zone,
                                      DayEdge edge = DayEdge::Start);

}  // namespace switchboard::model
