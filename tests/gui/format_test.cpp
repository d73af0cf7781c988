#include <catch2/catch.hpp>

#include <cstdlib>
#include <ctime>

#include "format.hpp"

using namespace switchboard;

TEST_CASE("counts are grouped by thousands as people read them") {
    CHECK(ui::grouped(0) == "0");
    CHECK(ui::grouped(999) == "999");
    CHECK(ui::grouped(1000) == "1,000");
    CHECK(ui::grouped(65536) == "65,536");
    CHECK(ui::grouped(10485760) == "10,485,760");
}

TEST_CASE("a feed time names the day only when it is not today, and the year past six months") {
    setenv("TZ", "UTC", 1);
    tzset();
    const int64_t now = 1796553000000;  // 2026-12-06 10:30:00 UTC
    const int64_t hour = 3600 * 1000;
    CHECK(ui::feedTime(now - 2 * hour, now) == "08:30:00");
    CHECK(ui::feedTime(now - 11 * hour, now) == "Dec 05 23:30");
    CHECK(ui::feedTime(now - 24 * 40 * hour, now) == "Oct 27 10:30");
    CHECK(ui::feedTime(now - 24 * 400 * hour, now) == "2025-11-01");
}
