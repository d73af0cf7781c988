#include "key_queue.hpp"

namespace switchboard::ui {

bool KeyQueue::handOver(const std::function<void(const KeyEvent&)>& apply) {
    std::set<int> changed;  // keys that went down or up in this frame
    while (!m_events.empty()) {
        const KeyEvent& event = m_events.front();
        // A repeat changes no key's state; a second change of one key waits for the next frame.
        if (event.action != KeyAction::Repeat && !changed.insert(event.key).second) break;
        apply(event);
        m_events.pop_front();
    }
    return !m_events.empty();
}

}  // namespace switchboard::ui
