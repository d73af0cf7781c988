#include "format.hpp"

#include <cstdio>
#include <ctime>

#include "model/grouped_number.hpp"

namespace switchboard::ui {

namespace {
std::string strftimeMs(int64_t epochMs, const char* fmt) {
    const std::time_t t = static_cast<std::time_t>(epochMs / 1000);
    std::tm tm{};
    localtime_r(&t, &tm);
    char buf[64];
    std::strftime(buf, sizeof buf, fmt, &tm);
    return buf;
}
}  // namespace

std::string clockTime(int64_t epochMs) { return strftimeMs(epochMs, "%H:%M:%S"); }
std::string dateTime(int64_t epochMs) { return strftimeMs(epochMs, "%Y-%m-%d %H:%M:%S"); }

std::string feedTime(int64_t epochMs, int64_t nowMs) {
    std::tm then{}, now{};
    const std::time_t t = static_cast<std::time_t>(epochMs / 1000);
    const std::time_t n = static_cast<std::time_t>(nowMs / 1000);
    localtime_r(&t, &then);
    localtime_r(&n, &now);
    // Past half a year the month and day alone could be read as the wrong year.
    if (nowMs - epochMs > 183LL * 86'400'000) return strftimeMs(epochMs, "%Y-%m-%d");
    if (then.tm_year != now.tm_year || then.tm_yday != now.tm_yday)
        return strftimeMs(epochMs, "%b %d %H:%M");
    return strftimeMs(epochMs, "%H:%M:%S");
}

std::string age(int64_t fromMs, int64_t nowMs) {
    const int64_t s = (nowMs - fromMs) / 1000;
    char buf[32];
    if (s < 0) return "now";
    if (s < 120) std::snprintf(buf, sizeof buf, "%lld s", static_cast<long long>(s));
    else if (s < 7200) std::snprintf(buf, sizeof buf, "%lld min", static_cast<long long>(s / 60));
    else if (s < 172800) std::snprintf(buf, sizeof buf, "%lld h", static_cast<long long>(s / 3600));
    else std::snprintf(buf, sizeof buf, "%lld d", static_cast<long long>(s / 86400));
    return buf;
}

std::string bytes(int64_t n) {
    char buf[32];
    if (n < 1024) std::snprintf(buf, sizeof buf, "%lld B", static_cast<long long>(n));
    else if (n < 1024 * 1024) std::snprintf(buf, sizeof buf, "%.1f KB", n / 1024.0);
    else if (n < 1024LL * 1024 * 1024) std::snprintf(buf, sizeof buf, "%.1f MB", n / 1048576.0);
    else std::snprintf(buf, sizeof buf, "%.2f GB", n / 1073741824.0);
    return buf;
}

std::string grouped(uint64_t n) { return model::groupedNumber(n); }

}  // namespace switchboard::ui
