#include "engine/watch_list.hpp"

#include <algorithm>
#include <utility>

#include "model/text_search.hpp"
#include "store/database.hpp"

namespace switchboard::engine {

namespace {

// A watch counts arrivals from their rows alone; a contains: term needs the store.
const char* const kNoContains =
    "contains: searches the stored messages, which a watch cannot do as rows arrive";

}  // namespace

std::string whyNotWatchable(const std::string& filter) {
    FilterParse parsed = parseFilter(filter);
    if (!parsed.error.empty()) return parsed.error;
    if (!bodyTextSearch(parsed.filter).empty()) return kNoContains;
    return "";
}

WatchList::Slot WatchList::makeSlot(const std::string& filter, int64_t nowMs) {
    Slot slot;
    FilterParse parsed = parseFilter(filter, nowMs);
    slot.tally.error = parsed.error;
    if (slot.tally.error.empty() && !bodyTextSearch(parsed.filter).empty())
        slot.tally.error = kNoContains;
    slot.matcher = Matcher(std::move(parsed.filter));
    if (parsed.refreshEveryMs > 0) slot.recountAtMs = nowMs + parsed.refreshEveryMs;
    return slot;
}

WatchList::Slot WatchList::makeSlot(const std::string& filter) { return makeSlot(filter, store::nowMs()); }

void WatchList::set(std::vector<Watch> watches) {
    m_watches = std::move(watches);
    m_slots.clear();
    for (const Watch& w : m_watches) m_slots.push_back(makeSlot(w.filter));
}

void WatchList::add(std::string name, std::string filter) {
    Watch w;
    w.name = std::move(name);
    w.filter = std::move(filter);
    m_slots.push_back(makeSlot(w.filter));
    m_slots.back().seeAll = true;
    m_watches.push_back(std::move(w));
}

void WatchList::remove(size_t i) {
    if (i >= m_watches.size()) return;
    m_watches.erase(m_watches.begin() + static_cast<std::ptrdiff_t>(i));
    m_slots.erase(m_slots.begin() + static_cast<std::ptrdiff_t>(i));
}

void WatchList::rename(size_t i, std::string name) {
    if (i < m_watches.size()) m_watches[i].name = std::move(name);
}

void WatchList::setFilter(size_t i, std::string filter) {
    if (i >= m_watches.size()) return;
    m_watches[i].filter = std::move(filter);
    m_slots[i] = makeSlot(m_watches[i].filter);
    m_slots[i].seeAll = true;
}

int WatchList::find(const std::string& filter) const {
    const std::string_view want = model::trimmed(filter);
    for (size_t i = 0; i < m_watches.size(); ++i)
        if (model::trimmed(m_watches[i].filter) == want) return static_cast<int>(i);
    return -1;
}

uint64_t WatchList::unreadTotal() const {
    uint64_t total = 0;
    for (const Slot& slot : m_slots) total += slot.tally.unread;
    return total;
}

void WatchList::markSeen(size_t i) {
    if (i >= m_watches.size()) return;
    Watch& w = m_watches[i];
    Slot& slot = m_slots[i];
    w.seenEvent = std::max(w.seenEvent, slot.newestEvent);
    w.seenQuarantine = std::max(w.seenQuarantine, slot.newestQuarantine);
    slot.tally.unread = 0;
}

void WatchList::count(size_t i, const FeedRow& row, const StringPool& pool) {
    Slot& slot = m_slots[i];
    if (!slot.matcher.matches(row, pool)) return;
    ++slot.tally.matched;
    const Watch& w = m_watches[i];
    int64_t& newest = row.quarantined ? slot.newestQuarantine : slot.newestEvent;
    newest = std::max(newest, row.id);
    if (row.id > (row.quarantined ? w.seenQuarantine : w.seenEvent)) ++slot.tally.unread;
}

void WatchList::update(const ReadModel& model) { update(model, store::nowMs()); }

void WatchList::update(const ReadModel& model, int64_t nowMs) {
    // Replaced rows (a pointer edit) may match differently: count every watch again. So is a
    // watch whose since:/until: age has moved on.
    const bool rowsReplaced = model.rowsRevision() != m_rowsRevision;
    m_rowsRevision = model.rowsRevision();
    for (size_t i = 0; i < m_slots.size(); ++i) {
        const Slot& old = m_slots[i];
        if (!rowsReplaced && (old.recountAtMs == 0 || nowMs < old.recountAtMs)) continue;
        const bool seeAll = old.seeAll;
        m_slots[i] = makeSlot(m_watches[i].filter, nowMs);
        m_slots[i].seeAll = seeAll;
    }
    const StringPool& pool = model.pool();
    for (size_t i = 0; i < m_slots.size(); ++i) {
        Slot& slot = m_slots[i];
        if (!slot.tally.error.empty()) continue;
        for (; slot.histMark < model.historySize(); ++slot.histMark)
            count(i, model.historyRow(static_cast<uint32_t>(slot.histMark)), pool);
        for (; slot.liveMark < model.liveSize(); ++slot.liveMark)
            count(i, model.liveRow(static_cast<uint32_t>(slot.liveMark)), pool);
        // A new filter's matches are all seen, also those the history load has yet to bring.
        if (slot.seeAll) {
            markSeen(i);
            slot.seeAll = !model.historyDone();
        }
    }
}

}  // namespace switchboard::engine
