#include "widgets/list_keys.hpp"

namespace switchboard::ui {

ListStep stepInList(size_t selected, size_t count, int direction, bool move) {
    if (count == 0) return {};
    const size_t from = selected < count ? selected : count - 1;
    const bool blocked = (direction < 0 && from == 0) || (direction > 0 && from + 1 == count);
    if (direction == 0 || blocked) return {from, from, false};
    const size_t to = direction < 0 ? from - 1 : from + 1;
    return {from, to, move};
}

}  // namespace switchboard::ui
