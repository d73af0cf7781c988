#include "key_queue.hpp"

namespace switchboard::ui {

bool KeyQueue::handOver(const std::function<void(const KeyEvent&)>& apply) {
    std::set<int> changed;  // keys that went down or up in this frame
    while (!m_events.empty()) {
        const KeyEvent& event = m_events.front();
        // A repeat or a character changes no key's state; a second change of one key waits for
        // the next frame.
        const bool changes = event.action == KeyAction::Press || event.action == KeyAction::Release;
        if (changes && !changed.insert(event.key).second) break;
        apply(event);
        m_events.pop_front();
    }
    return !m_events.empty();
}

}  // namespace switchboard::ui
