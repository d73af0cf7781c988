// The feed's watches as a row of buttons under its filter: each names a saved filter and shows how
// many of its events arrived since it was last shown. A click (or Alt+1..9) applies one; "+ Watch"
// (or Ctrl+S) keeps the current filter under a name; right-click renames, changes or removes one.
// UI thread only.
#pragma once

#include <string>

#include "console_state.hpp"
#include "widgets/confirm_dialog.hpp"

namespace switchboard::ui {

class WatchBar {
public:
    void draw(ConsoleState& state);

private:
    void drawButton(ConsoleState& state, size_t i, bool active);
    void drawMenu(ConsoleState& state, size_t i);
    void drawNameDialog(ConsoleState& state);
    bool filterParses(const std::string& filter);  // whether the feed's filter can be kept

    std::string m_checkedFilter = "\x01";  // the filter filterParses() last parsed
    bool m_filterParses = false;
    std::string m_notWatchable;  // why the last filter checked cannot be a watch
    std::string m_name;   // typed in the name dialog
    int m_renaming = -1;  // the watch the name dialog renames; -1: it saves a new one
    bool m_openDialog = false;
    bool m_focusName = false;
    ConfirmDialog m_confirm{"watch", "Remove"};
};

}  // namespace switchboard::ui
