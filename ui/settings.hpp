// The console's persisted settings: $XDG_CONFIG_HOME/switchboard/ (else ~/.config/switchboard/)
// holds imgui.ini (window layout, written by ImGui) and settings.json (theme, pane split).
// UI thread only.
#pragma once

#include <string>

namespace switchboard::ui {

struct Settings {
    bool light = false;
    float split = 0.6f;   // left pane's share of the width
    std::string filter;   // the feed's last filter

    static std::string dir();  // created on save
    static Settings load();
    void save() const;
};

}  // namespace switchboard::ui
