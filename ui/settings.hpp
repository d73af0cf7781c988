// The console's persisted settings: $XDG_CONFIG_HOME/switchboard/ (else ~/.config/switchboard/)
// holds imgui.ini (window layout, written by ImGui) and settings.json (theme, pane split, the
// feed's filter and the watches). UI thread only.
#pragma once

#include <string>
#include <vector>

#include "engine/watch_list.hpp"

namespace switchboard::ui {

struct Settings {
    bool light = false;
    float split = 0.6f;   // left pane's share of the width
    std::string filter;   // the feed's last filter
    std::vector<engine::Watch> watches;  // in the order the operator made them

    static std::string dir();  // created on save
    // A missing file, or one that is not JSON, gives the defaults; a field of the wrong type
    // gives that field's default, so a hand-edited file never stops the console from starting.
    static Settings load();
    void save() const;
};

}  // namespace switchboard::ui
