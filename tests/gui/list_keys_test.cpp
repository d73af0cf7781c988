#include <catch2/catch.hpp>

#include "widgets/list_keys.hpp"

using switchboard::ui::ListStep;
using switchboard::ui::stepInList;

namespace {

bool same(const ListStep& step, size_t from, size_t selected, bool swapped) {
    return step.from == from && step.selected == selected && step.swapped == swapped;
}

}  // namespace

TEST_CASE("Up and Down select the neighbour, and stop at the ends") {
    CHECK(same(stepInList(2, 5, -1, false), 2, 1, false));
    CHECK(same(stepInList(2, 5, +1, false), 2, 3, false));
    CHECK(same(stepInList(0, 5, -1, false), 0, 0, false));
    CHECK(same(stepInList(4, 5, +1, false), 4, 4, false));
}

TEST_CASE("with Alt the selected item moves and stays selected, not past the ends") {
    CHECK(same(stepInList(2, 5, -1, true), 2, 1, true));
    CHECK(same(stepInList(2, 5, +1, true), 2, 3, true));
    CHECK(same(stepInList(0, 5, -1, true), 0, 0, false));
    CHECK(same(stepInList(4, 5, +1, true), 4, 4, false));
    CHECK(same(stepInList(0, 1, +1, true), 0, 0, false));  // one item has nowhere to go
}

TEST_CASE("an empty list, or a selection past its end, never names an item outside it") {
    CHECK(same(stepInList(0, 0, +1, true), 0, 0, false));
    CHECK(same(stepInList(3, 0, -1, true), 0, 0, false));
    CHECK(same(stepInList(9, 3, -1, true), 2, 1, true));  // the list shrank under the selection
    CHECK(same(stepInList(9, 3, +1, true), 2, 2, false));
}
