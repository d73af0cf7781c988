#include "model/event.hpp"

#include <array>
#include <cctype>
#include <cstdio>
#include <ctime>

namespace switchboard::model {

namespace {
constexpr std::array<std::string_view, 5> kKindNames = {"compose", "module", "package", "checkout",
                                                        "other"};

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm): avoids
// timegm's dependence on the process's time zone and its locale.
int64_t daysFromCivil(int64_t y, unsigned m, unsigned d) {
    y -= m <= 2;
    const int64_t era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

bool readDigits(std::string_view text, size_t& pos, size_t count, int& out) {
    if (pos + count > text.size()) return false;
    int value = 0;
    for (size_t i = 0; i < count; ++i) {
        const char c = text[pos + i];
        if (c < '0' || c > '9') return false;
        value = value * 10 + (c - '0');
    }
    pos += count;
    out = value;
    return true;
}
}  // namespace

std::string_view kindName(Kind kind) { return kKindNames[static_cast<size_t>(kind)]; }

std::optional<Kind> parseKind(std::string_view name) {
    for (size_t i = 0; i < kKindNames.size(); ++i)
        if (kKindNames[i] == name) return static_cast<Kind>(i);
    return std::nullopt;
}

nlohmann::json toJson(const Event& event, bool withRaw) {
    nlohmann::json out = nlohmann::json::object();
    if (event.id != 0) out["id"] = event.id;
    out["kind"] = kindName(event.kind);
    out["event"] = event.event;
    out["subject"] = event.subject;
    out["state"] = event.state;
    out["product"] = event.product;
    out["version"] = event.version;
    out["arch"] = event.arch;
    out["component"] = event.component;
    out["tags"] = event.tags;
    out["topic"] = event.topic;
    out["source"] = event.source;
    out["msg_id"] = event.msg_id;
    out["received_at"] = formatIso8601(event.received_at);
    if (withRaw) {
        out["headers"] = event.headers;
        out["body"] = event.body;
    }
    return out;
}

std::string formatIso8601(int64_t epochMs) {
    const int64_t seconds = epochMs >= 0 ? epochMs / 1000 : (epochMs - 999) / 1000;
    const int millis = static_cast<int>(epochMs - seconds * 1000);
    const std::time_t t = static_cast<std::time_t>(seconds);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[64];  // room for any int in each field, so that the compiler can see nothing is cut
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                  tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, millis);
    return buf;
}

std::optional<int64_t> parseIso8601(std::string_view text) {
    size_t pos = 0;
    int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
    if (!readDigits(text, pos, 4, year) || pos >= text.size() || text[pos++] != '-' ||
        !readDigits(text, pos, 2, month) || pos >= text.size() || text[pos++] != '-' ||
        !readDigits(text, pos, 2, day))
        return std::nullopt;
    if (month < 1 || month > 12 || day < 1 || day > 31) return std::nullopt;
    int64_t millis = 0;
    int64_t offsetMinutes = 0;
    if (pos < text.size()) {
        if (text[pos] != 'T' && text[pos] != 't' && text[pos] != ' ') return std::nullopt;
        ++pos;
        if (!readDigits(text, pos, 2, hour) || pos >= text.size() || text[pos++] != ':' ||
            !readDigits(text, pos, 2, minute))
            return std::nullopt;
        if (pos < text.size() && text[pos] == ':') {
            ++pos;
            if (!readDigits(text, pos, 2, second)) return std::nullopt;
        }
        if (hour > 23 || minute > 59 || second > 60) return std::nullopt;
        if (pos < text.size() && (text[pos] == '.' || text[pos] == ',')) {
            ++pos;
            int64_t scale = 100;
            const size_t start = pos;
            while (pos < text.size() && std::isdigit(static_cast<unsigned char>(text[pos]))) {
                millis += (text[pos] - '0') * scale;
                scale /= 10;
                ++pos;
            }
            if (pos == start) return std::nullopt;
        }
        if (pos < text.size()) {
            const char zone = text[pos++];
            if (zone == 'Z' || zone == 'z') {
            } else if (zone == '+' || zone == '-') {
                int oh = 0, om = 0;
                if (!readDigits(text, pos, 2, oh)) return std::nullopt;
                if (pos < text.size() && text[pos] == ':') ++pos;
                if (!readDigits(text, pos, 2, om)) return std::nullopt;
                offsetMinutes = (oh * 60 + om) * (zone == '+' ? 1 : -1);
            } else {
                return std::nullopt;
            }
        }
        if (pos != text.size()) return std::nullopt;
    }
    const int64_t days = daysFromCivil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
    const int64_t secs = days * 86400 + hour * 3600 + minute * 60 + second - offsetMinutes * 60;
    return secs * 1000 + millis;
}

}  // namespace switchboard::model
