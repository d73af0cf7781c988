// The text size the operator picks (View > Larger text, Ctrl+= / Ctrl+- / Ctrl+0), a factor on
// the monitor's own scale. A console watched all day on a laptop or across the room on a wall
// screen needs its text larger or smaller than the monitor's scale gives. Pure; any thread.
#pragma once

namespace switchboard::ui {

constexpr float kMinTextSize = 0.8f;
constexpr float kMaxTextSize = 2.0f;

// `current` moved by `steps` tenths, kept within [kMinTextSize, kMaxTextSize]; steps == 0 gives
// the normal size, 1.
float steppedTextSize(float current, int steps);
// A size read from the settings file, kept within the bounds (1 for what is not a number).
float clampedTextSize(float size);

}  // namespace switchboard::ui
