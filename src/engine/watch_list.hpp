// Watches: feed filters the operator keeps under a name ("RHEL-9 composes": `kind:compose
// subject:RHEL-9*`), each with a count of the held events that match it and of those that arrived
// after the operator last looked. Looking is remembered as the newest event and quarantine ids
// seen, so the count also covers what `serve` stored while the console was closed.
// Keeps up with the read model as FeedIndex does: each update tests only the rows that arrived
// since the previous one. UI thread only (it reads the ReadModel).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "engine/event_filter.hpp"
#include "engine/read_model.hpp"

namespace switchboard::engine {

// A value type: what the console's settings keep of a watch.
struct Watch {
    std::string name;
    std::string filter;          // the feed's filter language (parseFilter)
    int64_t seenEvent = 0;       // the newest matching event id the operator had seen
    int64_t seenQuarantine = 0;  // the same for quarantine rows (a separate id space)

    bool operator==(const Watch& o) const {
        return name == o.name && filter == o.filter && seenEvent == o.seenEvent &&
               seenQuarantine == o.seenQuarantine;
    }
    bool operator!=(const Watch& o) const { return !(*this == o); }
};

struct WatchTally {
    uint64_t matched = 0;  // held rows that match
    uint64_t unread = 0;   // of those, the ones newer than the seen ids
    std::string error;     // the filter did not parse: nothing is counted
};

// Why a feed filter cannot be kept as a watch, "" when it can: it does not parse, or it has a
// `contains:` term (a watch counts arrivals from their rows alone; that term needs the store).
std::string whyNotWatchable(const std::string& filter);

class WatchList {
public:
    // Replaces every watch; their counts start over.
    void set(std::vector<Watch> watches);
    const std::vector<Watch>& watches() const { return m_watches; }
    size_t size() const { return m_watches.size(); }
    const Watch& watch(size_t i) const { return m_watches[i]; }
    const WatchTally& tally(size_t i) const { return m_slots[i].tally; }
    uint64_t unreadTotal() const;  // over every watch

    // Adds a watch whose every held match counts as seen once the next update() has run.
    void add(std::string name, std::string filter);
    void remove(size_t i);
    void rename(size_t i, std::string name);
    void setFilter(size_t i, std::string filter);  // counts it again; what matches now is seen
    // The watch i whose filter is `filter` (spaces at the ends ignored); -1 when none.
    int find(const std::string& filter) const;

    // Everything watch i matches so far counts as read.
    void markSeen(size_t i);

    // Tests the rows that arrived since the last call (every row after held rows were replaced
    // or a watch changed). A watch with an age (since:2h) is counted again from scratch each time
    // its window has moved enough (FilterParse::refreshEveryMs), as of nowMs.
    void update(const ReadModel& model, int64_t nowMs);
    void update(const ReadModel& model);  // now from the wall clock

private:
    struct Slot {
        Matcher matcher;
        WatchTally tally;
        size_t histMark = 0, liveMark = 0;
        int64_t newestEvent = 0, newestQuarantine = 0;  // the newest ids that matched
        bool seeAll = false;  // added or re-filtered: what it matches is seen (until history is in)
        int64_t recountAtMs = 0;  // an age in the filter: count again from then on; 0 = never
    };
    static Slot makeSlot(const std::string& filter, int64_t nowMs);
    static Slot makeSlot(const std::string& filter);  // as of the wall clock
    void count(size_t i, const FeedRow& row, const StringPool& pool);

    std::vector<Watch> m_watches;
    std::vector<Slot> m_slots;  // parallel to m_watches
    uint64_t m_rowsRevision = 0;
};

}  // namespace switchboard::engine
