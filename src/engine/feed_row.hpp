// One event as the console's feed holds it: ids into a StringPool instead of text, no body or
// headers (the detail view fetches those by id). About 56 bytes a row. A value type, any thread.
#pragma once

#include <algorithm>
#include <cstdint>

namespace switchboard::engine {

enum class FeedField : uint8_t {
    Event, Subject, State, Product, Version, Arch, Component, Tags, Topic, Source, Count
};

struct FeedRow {
    int64_t id = 0;
    int64_t receivedAt = 0;   // ms since the epoch, UTC
    uint8_t kind = 4;         // model::Kind as a number (4 = other)
    uint8_t quarantined = 0;  // 1 for a quarantine row (its reason is in `state`, raw in the store)
    uint32_t text[static_cast<int>(FeedField::Count)] = {};  // StringPool ids; arch/tags comma-joined

    uint32_t get(FeedField f) const { return text[static_cast<int>(f)]; }
    void set(FeedField f, uint32_t id) { text[static_cast<int>(f)] = id; }
};

// The lowest and highest id of the rows held of one sequence (events, or quarantined lines, which
// number their own); 0 and 0 when none is held.
struct IdSpan {
    int64_t min = 0, max = 0;
    void add(int64_t id) {
        min = max == 0 ? id : std::min(min, id);
        max = std::max(max, id);
    }
};
struct HeldIds {
    IdSpan events, quarantined;
    void add(const FeedRow& row) { (row.quarantined ? quarantined : events).add(row.id); }
};

}  // namespace switchboard::engine
