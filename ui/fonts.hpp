// The console's fonts, built at the monitor's scale times the operator's text size
// (text_size.hpp). Every size in the style and every width the views ask for follows the same
// scale (theme::apply, theme::px), so the layout grows with the text instead of clipping it.
// UI thread only.
#pragma once

#include "console_state.hpp"

namespace switchboard::ui {

// Builds the font atlas at `scale`: the UI font and the monospaced one (state.mono). Before the
// renderer's first frame.
void loadFonts(ConsoleState& state, float scale);
// Between frames, once the renderer runs: the atlas built again at `scale` and its texture
// uploaded in place of the old one.
void reloadFonts(ConsoleState& state, float scale);

}  // namespace switchboard::ui
