// The feed's `contains:` terms (event_filter.hpp), which only the stored messages can answer: the
// engine searches their text a range of ids at a time (SearchBodies, store/text_search.hpp), and
// this keeps what it found. A search of 1,000,000 messages takes about a second of the command
// thread; in ranges of kRangeIds a fire or a save waits for one range at most, and the feed
// fills as the ranges come back instead of all at once.
//
// Each id sequence (events, quarantine) is searched in one window that starts at the newest id
// held when the search began and grows down a range at a time to the oldest held row, and up as
// new rows arrive (by turns, when both wait). A row is decided once its id is inside the window: the feed index shows
// nothing past the first undecided row (FeedIndex::update stops there and goes on later), so the
// newest matches show first and no row is ever passed over before it was searched.
// UI thread only.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/console_facts.hpp"
#include "engine/feed_row.hpp"
#include "store/text_search.hpp"

namespace switchboard::engine {

class BodySearch {
public:
    static constexpr int64_t kRangeIds = 50000;

    // Starts over for `search`, unless it is the one already running; an empty search stops.
    void start(const store::TextSearch& search);
    bool active() const { return !m_search.empty(); }
    // The next range to search, when none is in flight and held rows lie outside the window.
    std::optional<SearchBodies> next(const HeldIds& held);
    // A range searched; one of an earlier search is ignored.
    void apply(const BodiesSearched& found);

    // Inside the window: matches() answers for it.
    bool decided(const FeedRow& row) const;
    bool matches(const FeedRow& row) const;

    // For the status line: the share of held ids searched, 0 to 1, and why the search stopped.
    double progress(const HeldIds& held) const;
    // Whether every held row older than the newest searched one was searched: then what is left
    // is rows that just arrived, a step away, which the status line need not announce.
    bool caughtUp(const HeldIds& held) const;
    const std::string& error() const { return m_error; }

private:
    struct Window {
        bool started = false;
        int64_t low = 1, high = 0;  // searched ids: [low, high], empty while low > high
        std::vector<int64_t> found;  // ascending
        bool upNext = true;          // the newer rows' turn, when both ends wait
        IdRange nextRange(const IdSpan& held);
        void add(const IdRange& range, const std::vector<int64_t>& ids);
        bool decided(int64_t id) const { return started && id >= low && id <= high; }
    };
    const Window& windowOf(const FeedRow& row) const {
        return row.quarantined ? m_quarantined : m_events;
    }

    store::TextSearch m_search;
    uint64_t m_generation = 0;
    bool m_inFlight = false;
    Window m_events, m_quarantined;
    std::string m_error;
};

}  // namespace switchboard::engine
