#include "model/time_bound.hpp"

#include <cctype>
#include <ctime>
#include <limits>
#include <string>

#include "model/event.hpp"

namespace switchboard::model {

namespace {

// A date-time's zone is explicit when it ends in Z or carries +hh[:mm] / -hh[:mm] after the time.
bool hasOffset(std::string_view iso) {
    if (iso.size() <= 10) return false;  // a date alone
    const char last = iso.back();
    if (last == 'Z' || last == 'z') return true;
    return iso.find_first_of("+-", 11) != std::string_view::npos;
}

// The instant whose local wall-clock reading is what `asUtc` reads in UTC.
int64_t utcReadingAsLocal(int64_t asUtcMs) {
    const std::time_t t = static_cast<std::time_t>(asUtcMs / 1000);
    std::tm fields{};
    gmtime_r(&t, &fields);
    fields.tm_isdst = -1;  // let the zone's rules say whether that day has summer time
    return static_cast<int64_t>(std::mktime(&fields)) * 1000 + asUtcMs % 1000;
}

// Today's date (in `zone`) as "YYYY-MM-DD".
std::string today(int64_t nowMs, Zone zone) {
    const std::time_t t = static_cast<std::time_t>(nowMs / 1000);
    std::tm fields{};
    if (zone == Zone::Local) localtime_r(&t, &fields);
    else gmtime_r(&t, &fields);
    char buf[16];
    std::strftime(buf, sizeof buf, "%Y-%m-%d", &fields);
    return buf;
}

}  // namespace

std::optional<int64_t> parseAge(std::string_view text) {
    if (text.size() < 2) return std::nullopt;
    int64_t unitMs = 0;
    switch (text.back()) {
        case 's':
            unitMs = 1000;
            break;
        case 'm':
            unitMs = 60 * 1000;
            break;
        case 'h':
            unitMs = 3600 * 1000;
            break;
        case 'd':
            unitMs = 24 * 3600 * 1000;
            break;
        case 'w':
            unitMs = 7 * 24 * 3600 * 1000;
            break;
        default:
            return std::nullopt;
    }
    int64_t value = 0;
    for (const char c : text.substr(0, text.size() - 1)) {
        if (!std::isdigit(static_cast<unsigned char>(c))) return std::nullopt;
        const int digit = c - '0';
        if (value > (std::numeric_limits<int64_t>::max() / unitMs - digit) / 10)
            return std::nullopt;
        value = value * 10 + digit;
    }
    if (value == 0) return std::nullopt;
    return value * unitMs;
}

std::optional<int64_t> parseTimeBound(std::string_view text, int64_t nowMs, Zone zone,
                                      DayEdge edge) {
    if (auto age = parseAge(text)) return nowMs - *age;
    std::string iso(text);
    // A time of day: "14:00" or "14:00:30" is today at that time.
    if (text.size() >= 5 && text.size() <= 8 && text[2] == ':') iso = today(nowMs, zone) + "T" + iso;
    auto parsed = parseIso8601(iso);
    if (!parsed) return std::nullopt;
    // The next midnight, found in UTC where every day has 24 hours, then read in the zone.
    const bool wholeDay = edge == DayEdge::End && iso.size() == 10;
    if (wholeDay) *parsed += 86'400'000;
    if (zone == Zone::Local && !hasOffset(iso)) parsed = utcReadingAsLocal(*parsed);
    return wholeDay ? *parsed - 1 : *parsed;
}

}  // namespace switchboard::model
