// How a fact from the engine's workers changes what the console shows. UI thread only: the
// frame loop (app.cpp) and the GUI tests apply facts through here, between frames.
#pragma once

#include "console_state.hpp"

namespace switchboard::ui {

void applyFact(ConsoleState& state, engine::Fact&& fact);

}  // namespace switchboard::ui
