// The event feed (Tracy's message list): every stored and arriving event in a clipped table,
// filtered incrementally, following the bottom only when the reader is already there (and not
// while the pointer aims at the rows: new ones wait, so that a row does not move under a click).
// UI thread only.
#pragma once

#include <chrono>

#include "engine/read_model.hpp"
#include "views/view.hpp"
#include "views/watch_bar.hpp"

namespace switchboard::ui {

class FeedView : public View {
public:
    FeedView() : View("feed", "Feed", Pane::Left) {}
    void onKeys(ConsoleState& state) override;

protected:
    void drawContent(ConsoleState& state) override;

private:
    void drawFilterBar(ConsoleState& state);
    void drawTable(ConsoleState& state);
    void moveSelection(ConsoleState& state, long delta);
    void syncSelection(const ConsoleState& state);
    // The position in m_index of the row with this id, SIZE_MAX when it is not shown.
    size_t findRow(const ConsoleState& state, int64_t id, bool quarantined) const;
    void rowMenu(ConsoleState& state, const engine::FeedRow& row);
    void noteSelection(const ConsoleState& state) {
        m_knownEvent = state.selectedEvent;
        m_knownQuarantined = state.selectedQuarantined;
    }

    WatchBar m_watchBar;
    engine::FeedIndex m_index;
    std::string m_appliedFilter = "\x01";  // differs from any text, so the first frame filters
    uint64_t m_rowsRevision = 0;           // the model's rowsRevision() when last filtered
    int64_t m_refilterAtMs = 0;  // when an age in the filter has moved enough to apply it again
    std::string m_filterError;
    double m_filterMs = 0;
    size_t m_selectedPos = SIZE_MAX;  // position in m_index of the selected row
    // The selected row, not shown yet when a contains: filter was applied: highlighted once the
    // search reaches it. id 0: none sought.
    struct Seek {
        int64_t id = 0;
        bool quarantined = false;
    } m_seek;
    bool m_filling = false;  // a contains: search is still adding the rows its filter asked for
    std::chrono::steady_clock::time_point m_fillStart;  // when that filter was applied
    bool m_follow = true;             // stick to the newest row
    bool m_scrollToSelected = false;
    size_t m_anchorAdded = 0;      // rows added above since the last frame
    bool m_hovered = false;        // the pointer was over the table in the last frame
    size_t m_holdFrom = SIZE_MAX;  // the model's row count when new rows began to wait
    // The open event (or quarantined row) as this view last saw it: when another view opens one
    // (a run's event, a rule's match), the highlight moves to it.
    int64_t m_knownEvent = 0;
    int64_t m_knownQuarantined = 0;
};

}  // namespace switchboard::ui
