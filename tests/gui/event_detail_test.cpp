// The event detail's pin rule (ui/views/event_detail_view.hpp): D unpins whatever is pinned,
// whichever event is open, as the diff header says, and pins the open event when none is.
#include <catch2/catch.hpp>

#include "views/event_detail_view.hpp"

using switchboard::ui::pinAfterD;

TEST_CASE("D pins the open event when nothing is pinned") {
    CHECK(pinAfterD(0, 42) == 42);
}

TEST_CASE("D unpins the pinned event while another event is open") {
    CHECK(pinAfterD(7, 42) == 0);
}

TEST_CASE("D unpins the pinned event while it is the open one") {
    CHECK(pinAfterD(42, 42) == 0);
}

TEST_CASE("D with nothing open and nothing pinned pins nothing") {
    CHECK(pinAfterD(0, 0) == 0);
}
