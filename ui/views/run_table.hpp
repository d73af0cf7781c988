// The runs table the Runs view and the event detail share: status colour, elapsed time, why,
// attempts, last error, and per-row actions (open URL, stop and re-trigger, each confirmed), and
// the hold that keeps its rows in place under the pointer. UI thread only, but RowHold is pure.
#pragma once

#include <cstdint>
#include <vector>

#include "console_state.hpp"

namespace switchboard::ui {

// Returns true when the pointer was over the table's rows in this frame (a click on a row, or a
// dialog of the table's open above it, counts as over).
bool drawRunTable(ConsoleState& state, const std::vector<model::JobRun>& runs, const char* id,
                  bool actions);

// The width of the actions column: the most buttons any of `runs` shows (Open with a URL, Stop
// while active, Re-trigger always), not all three. Beside the feed the Runs pane is about 500 px,
// and a column kept for all three took 40 % of it while most runs, finished and without a URL,
// show only Re-trigger. Inside an ImGui frame (it measures the labels in the current font).
float runActionsWidth(const std::vector<model::JobRun>& runs);

// Opens a URL with xdg-open without waiting for it.
void openUrl(const std::string& url);

// Keeps the order of a newest-first list of runs while the pointer is over it: a run that
// arrived at the top would push every row down under the pointer, and a click aimed at one run
// would land on another. While held, the runs shown are those of the moment the hold began, in
// that order and brought up to date (a status changes in place); newer ones wait, counted, until
// the hold ends.
class RowHold {
public:
    // `version` changes whenever `runs` does (ReadModel::runsVersion). Returns true when
    // shown() differs from what it was at the last call, so that a filter over it runs again.
    bool update(const std::vector<model::JobRun>& runs, uint64_t version, bool hold);
    // Valid until the next update() or until `runs` changes.
    const std::vector<model::JobRun>& shown() const { return m_holding ? m_rows : *m_source; }
    // Runs that arrived since the hold began and wait for it to end.
    size_t waiting() const { return m_waiting; }

private:
    const std::vector<model::JobRun>* m_source = &m_rows;
    bool m_holding = false;
    uint64_t m_version = 0;
    std::vector<int64_t> m_order;  // ids as shown when the hold began
    std::vector<model::JobRun> m_rows;
    size_t m_waiting = 0;
};

}  // namespace switchboard::ui
