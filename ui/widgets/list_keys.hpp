// What the arrow keys do to an ordered list with one selected item (the rules editor's list, whose
// order is the order rules are tried in): Up and Down select the item above or below, and with Alt
// held they move the selected item instead, as the arrows beside it do, so that the list can be
// put in order without the mouse.
#pragma once

#include <cstddef>

namespace switchboard::ui {

struct ListStep {
    size_t from = 0;       // the item the key started from
    size_t selected = 0;   // the item selected after the key
    bool swapped = false;  // the items at `from` and `selected` trade places
};

// `direction` is -1 for up, +1 for down; `move` when Alt is held. At either end nothing changes.
// A selection past the end (the list shrank) starts from the last item.
ListStep stepInList(size_t selected, size_t count, int direction, bool move);

}  // namespace switchboard::ui
