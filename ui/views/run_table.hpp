// The runs table the Runs view and the event detail share: status colour, elapsed time, why,
// attempts, last error, and per-row actions (open URL, stop with confirmation, re-trigger).
// UI thread only.
#pragma once

#include <vector>

#include "console_state.hpp"

namespace switchboard::ui {

void drawRunTable(ConsoleState& state, const std::vector<model::JobRun>& runs, const char* id,
                  bool actions);

// Opens a URL with xdg-open without waiting for it.
void openUrl(const std::string& url);

}  // namespace switchboard::ui
