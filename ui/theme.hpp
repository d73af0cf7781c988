// Dark and light themes and the colours views use for kinds, states and outcomes. UI thread only.
#pragma once

#include <imgui.h>

#include <string_view>

#include "console_state.hpp"

namespace switchboard::ui::theme {

// The style for the theme, its sizes times `scale` (the monitor's scale times the text size).
void apply(bool light, float scale);
// A width or height laid out for the normal text size, at the scale the style was last applied
// at: a field sized in pixels would clip its text once the text grows.
float px(float logical);
ImVec4 kindColor(const ConsoleState& state, int kind, bool quarantined);
// Colour of an artifact or run state word ("FINISHED", "failure", "ready", ...); text colour when
// the word means nothing in particular.
ImVec4 stateColor(const ConsoleState& state, std::string_view word);
ImVec4 ok(const ConsoleState& state);
ImVec4 error(const ConsoleState& state);
ImVec4 error(bool light);  // for widgets drawn without the state (the file dialog)
ImVec4 warn(const ConsoleState& state);
ImVec4 dim(const ConsoleState& state);

}  // namespace switchboard::ui::theme
