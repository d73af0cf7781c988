// model::parseAge and model::parseTimeBound: the times an operator types after since:, until:,
// --since, --until, --older-than and --retain.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <ctime>

#include "model/event.hpp"
#include "model/time_bound.hpp"

using namespace switchboard::model;

namespace {

constexpr int64_t kDay = 24 * 3600 * 1000;
const int64_t kNow = *parseIso8601("2026-12-06T10:30:00Z");

// Runs the body with TZ set to `zone`, then puts the old value back.
struct TimeZone {
    std::string old;
    bool had = false;
    explicit TimeZone(const char* zone) {
        if (const char* v = std::getenv("TZ")) old = v, had = true;
        setenv("TZ", zone, 1);
        tzset();
    }
    ~TimeZone() {
        if (had) setenv("TZ", old.c_str(), 1);
        else unsetenv("TZ");
        tzset();
    }
};

}  // namespace

TEST_CASE("ages parse as a whole number and a unit") {
    CHECK(parseAge("90s") == 90 * 1000);
    CHECK(parseAge("45m") == 45 * 60 * 1000);
    CHECK(parseAge("12h") == 12 * 3600 * 1000);
    CHECK(parseAge("30d") == 30 * kDay);
    CHECK(parseAge("2w") == 14 * kDay);
    // The largest age that fits in int64 milliseconds, and one more.
    CHECK(parseAge("9223372036854775s") == int64_t{9223372036854775000});
    CHECK_FALSE(parseAge("9223372036854776s"));
    for (const char* bad : {"", "d", "30", "0d", "-1d", "1.5d", "30 d", "30D", "3y", "x30d",
                            "99999999999999999999d"}) {
        INFO(bad);
        CHECK_FALSE(parseAge(bad));
    }
}

TEST_CASE("a time bound is an age back from now, a date, a date-time or a time of day") {
    TimeZone utc("UTC");
    CHECK(parseTimeBound("2h", kNow, Zone::Utc) == kNow - 2 * 3600 * 1000);
    CHECK(parseTimeBound("1w", kNow, Zone::Local) == kNow - 7 * kDay);
    CHECK(parseTimeBound("2026-12-05", kNow, Zone::Utc) == parseIso8601("2026-12-05T00:00:00Z"));
    CHECK(parseTimeBound("2026-12-05T14:00", kNow, Zone::Utc) ==
          parseIso8601("2026-12-05T14:00:00Z"));
    CHECK(parseTimeBound("08:15", kNow, Zone::Utc) == parseIso8601("2026-12-06T08:15:00Z"));
    CHECK(parseTimeBound("08:15:30", kNow, Zone::Utc) == parseIso8601("2026-12-06T08:15:30Z"));
    for (const char* bad : {"", "yesterday", "2h ago", "25:00", "2026-13-01", "12/05/2026", "8:15"}) {
        INFO(bad);
        CHECK_FALSE(parseTimeBound(bad, kNow, Zone::Utc));
    }
}

TEST_CASE("until a date takes in the whole day and since a date starts at its midnight") {
    TimeZone utc("UTC");
    CHECK(parseTimeBound("2026-12-05", kNow, Zone::Utc, DayEdge::End) ==
          *parseIso8601("2026-12-06T00:00:00Z") - 1);
    // A date-time is that instant at either edge.
    CHECK(parseTimeBound("2026-12-05T14:00", kNow, Zone::Utc, DayEdge::End) ==
          parseIso8601("2026-12-05T14:00:00Z"));
}

TEST_CASE("in the console's zone a reading without an offset is local time and an offset wins") {
    // A POSIX rule, so that no time zone database needs to be installed.
    TimeZone newYork("EST5EDT,M3.2.0,M11.1.0");
    // New York is UTC-5 in December and UTC-4 in July (its summer time).
    CHECK(parseTimeBound("2026-12-05T14:00", kNow, Zone::Local) ==
          parseIso8601("2026-12-05T19:00:00Z"));
    CHECK(parseTimeBound("2026-07-05T14:00", kNow, Zone::Local) ==
          parseIso8601("2026-07-05T18:00:00Z"));
    CHECK(parseTimeBound("2026-12-05T14:00Z", kNow, Zone::Local) ==
          parseIso8601("2026-12-05T14:00:00Z"));
    CHECK(parseTimeBound("2026-12-05T14:00+01:00", kNow, Zone::Local) ==
          parseIso8601("2026-12-05T13:00:00Z"));
    // Today is New York's today: at 10:30 UTC it is 05:30 there, still 6 December.
    CHECK(parseTimeBound("05:00", kNow, Zone::Local) == parseIso8601("2026-12-06T10:00:00Z"));
    // The whole local day of 5 December ends at 05:00 UTC on the 6th.
    CHECK(parseTimeBound("2026-12-05", kNow, Zone::Local, DayEdge::End) ==
          *parseIso8601("2026-12-06T05:00:00Z") - 1);
    // The UTC zone ignores TZ.
    CHECK(parseTimeBound("2026-12-05T14:00", kNow, Zone::Utc) ==
          parseIso8601("2026-12-05T14:00:00Z"));
}
