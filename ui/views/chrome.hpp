// The frame around the views: menu bar, the two panes of tabs with a splitter, the status bar,
// the shortcut list, and which view gets the keyboard. UI thread only.
#pragma once

#include <memory>
#include <vector>

#include "settings.hpp"
#include "views/view.hpp"

namespace switchboard::ui {

class Chrome {
public:
    explicit Chrome(const Settings& settings) : m_split(settings.split) {}
    // Returns true when the user asked to quit.
    bool draw(ConsoleState& state, std::vector<std::unique_ptr<View>>& views);
    float split() const { return m_split; }

private:
    bool drawMenu(ConsoleState& state, std::vector<std::unique_ptr<View>>& views);
    void drawShortcuts(ConsoleState& state);

    float m_split;
    View* m_frontRight = nullptr;
    bool m_rightHasFocus = false;
};

void drawStatusBar(ConsoleState& state, float height);

}  // namespace switchboard::ui
