// Key events held back so that each frame sees a key change at most once. Dear ImGui 1.86 reads
// keys as a "down" array polled once a frame: a key pressed and released between two frames (a
// remote desktop, an input tool, `xdotool key`) was never seen down, so Ctrl+= or Ctrl+Q did
// nothing. The window's key callback queues its events here; before each frame the queue hands
// over events in order until one would change a key already changed in this frame, and the rest
// (typed characters too, to keep their order) wait for the next frame. ImGui 1.87 does the same
// with its own input queue. Not thread-safe: the UI thread's GLFW callbacks and frame loop only.
#pragma once

#include <deque>
#include <functional>
#include <set>

namespace switchboard::ui {

// GLFW's values (GLFW_RELEASE, GLFW_PRESS, GLFW_REPEAT), which app.cpp checks; and a typed
// character, queued with the keys so that text and keys such as Backspace keep their order.
enum class KeyAction { Release = 0, Press = 1, Repeat = 2, Char = 3 };

struct KeyEvent {
    int key = 0;
    int scancode = 0;
    KeyAction action = KeyAction::Press;
    int mods = 0;
    unsigned codepoint = 0;  // for a Char
};

class KeyQueue {
public:
    void push(const KeyEvent& event) { m_events.push_back(event); }
    // Hands this frame's events to `apply`, in order; true while more wait for a later frame.
    bool handOver(const std::function<void(const KeyEvent&)>& apply);
    bool empty() const { return m_events.empty(); }

private:
    std::deque<KeyEvent> m_events;
};

}  // namespace switchboard::ui
