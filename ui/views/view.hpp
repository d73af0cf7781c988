// The base of every console window (ImHex's View): it owns Begin/End of its tab, so a concrete
// view only writes drawContent(). registerViews() lists every view in menu order.
// UI thread only.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "console_state.hpp"

namespace switchboard::ui {

enum class Pane { Left, Right };

class View {
public:
    View(std::string name, std::string title, Pane pane)
        : m_name(std::move(name)), m_title(std::move(title)), m_pane(pane) {}
    virtual ~View() = default;

    const std::string& name() const { return m_name; }    // for --view and screenshots
    const std::string& title() const { return m_title; }  // shown on its tab and in the menu
    Pane pane() const { return m_pane; }

    // Draws the view as a tab of its pane; `select` brings it to front.
    // Returns true when it is the front tab.
    bool draw(ConsoleState& state, bool select);
    // Keyboard handling when this view has the keyboard and no text field is active.
    virtual void onKeys(ConsoleState&) {}

protected:
    virtual void drawContent(ConsoleState& state) = 0;

private:
    std::string m_name, m_title;
    Pane m_pane;
};

std::vector<std::unique_ptr<View>> registerViews();

// The step a list's keys ask for this frame: -1 for Up or k, +1 for Down or j, else 0. The same
// keys everywhere a list is walked (the feed, the rules).
int upDownStep();

// Shows the last command outcome of `origin` (error in red) in the view where it happened, on one
// line that is there, empty, before any outcome: content below it does not move when one comes.
// A longer outcome is cut with "..." and shown whole in a tooltip.
void drawOutcome(ConsoleState& state, const std::string& origin);

// Why the configuration could not be read again, in red, when it could not: the view then shows
// the last good one (ReadModel::applyConfig keeps it).
void drawConfigError(ConsoleState& state);

// Whether the pointer is over the current window and aiming: it moved, or a button was down,
// within the last 1.5 s. A table whose rows move (the feed following, the runs newest first)
// holds them still only then: a pointer merely parked over it must not freeze a live view.
bool pointerAimingHere();

// A tooltip of text wrapped at about 40 characters' width: for reasons and long values.
void wrappedTooltip(const std::string& text);

// One row of a two-column name / value table (the detail panes' fields): the name dimmed, the
// value wrapped.
void fieldRow(const char* name, const std::string& value);

}  // namespace switchboard::ui
