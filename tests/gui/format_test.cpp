#include <catch2/catch.hpp>

#include "format.hpp"

using namespace switchboard;

TEST_CASE("counts are grouped by thousands as people read them") {
    CHECK(ui::grouped(0) == "0");
    CHECK(ui::grouped(999) == "999");
    CHECK(ui::grouped(1000) == "1,000");
    CHECK(ui::grouped(65536) == "65,536");
    CHECK(ui::grouped(10485760) == "10,485,760");
}
