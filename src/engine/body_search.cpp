#include "engine/body_search.hpp"

#include <algorithm>

namespace switchboard::engine {

namespace {

bool sameSearch(const store::TextSearch& a, const store::TextSearch& b) {
    return a.present == b.present && a.absent == b.absent;
}

}  // namespace

void BodySearch::start(const store::TextSearch& search) {
    if (sameSearch(search, m_search)) return;
    m_search = search;
    ++m_generation;  // a range of the old search still on its way is ignored
    m_inFlight = false;
    m_events = Window{};
    m_quarantined = Window{};
    m_error.clear();
}

IdRange BodySearch::Window::nextRange(const IdSpan& held) {
    if (held.max == 0) return {};  // nothing held yet
    if (!started) return {std::max(held.min, held.max - kRangeIds + 1), held.max};
    const bool newer = held.max > high, older = low > held.min;
    // Up and down by turns: rows arriving all the time would otherwise keep the older ones from
    // ever being searched.
    if (newer && (upNext || !older)) {
        upNext = false;
        return {high + 1, std::min(held.max, high + kRangeIds)};
    }
    if (older) {
        upNext = true;
        return {std::max(held.min, low - kRangeIds), low - 1};
    }
    return {};
}

void BodySearch::Window::add(const IdRange& range, const std::vector<int64_t>& ids) {
    if (!started) {
        started = true;
        low = range.from;
        high = range.to;
        found = ids;
    } else if (range.from == high + 1) {
        high = range.to;
        found.insert(found.end(), ids.begin(), ids.end());
    } else if (range.to == low - 1) {
        low = range.from;
        found.insert(found.begin(), ids.begin(), ids.end());
    }
}

std::optional<SearchBodies> BodySearch::next(const HeldIds& held) {
    if (!active() || m_inFlight || !m_error.empty()) return std::nullopt;
    SearchBodies step;
    step.generation = m_generation;
    step.search = m_search;
    step.events = m_events.nextRange(held.events);
    step.quarantined = m_quarantined.nextRange(held.quarantined);
    if (step.events.empty() && step.quarantined.empty()) return std::nullopt;
    m_inFlight = true;
    return step;
}

void BodySearch::apply(const BodiesSearched& found) {
    if (found.generation != m_generation) return;
    m_inFlight = false;
    if (!found.error.empty()) {
        m_error = found.error;
        return;
    }
    if (!found.events.empty()) m_events.add(found.events, found.eventIds);
    if (!found.quarantined.empty()) m_quarantined.add(found.quarantined, found.quarantineIds);
}

bool BodySearch::decided(const FeedRow& row) const {
    return windowOf(row).decided(row.id);
}

bool BodySearch::matches(const FeedRow& row) const {
    const Window& w = windowOf(row);
    return w.decided(row.id) && std::binary_search(w.found.begin(), w.found.end(), row.id);
}

bool BodySearch::caughtUp(const HeldIds& held) const {
    const auto down = [](const Window& w, const IdSpan& span) {
        return span.max == 0 || (w.started && w.low <= span.min);
    };
    return down(m_events, held.events) && down(m_quarantined, held.quarantined);
}

double BodySearch::progress(const HeldIds& held) const {
    int64_t searched = 0, total = 0;
    const auto count = [&](const Window& w, const IdSpan& span) {
        if (span.max == 0) return;
        total += span.max - span.min + 1;
        if (w.started)
            searched += std::max<int64_t>(
                0, std::min(w.high, span.max) - std::max(w.low, span.min) + 1);
    };
    count(m_events, held.events);
    count(m_quarantined, held.quarantined);
    return total == 0 ? 1.0 : static_cast<double>(searched) / static_cast<double>(total);
}

}  // namespace switchboard::engine
