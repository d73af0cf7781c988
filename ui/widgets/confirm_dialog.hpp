// A modal that asks before a destructive action, naming its target ("Remove pointer 3 (...)?"),
// with the action's button and Cancel (or Escape). One per view. UI thread only.
#pragma once

#include <functional>
#include <string>

#include "console_state.hpp"

namespace switchboard::ui {

class ConfirmDialog {
public:
    // `id` keeps one view's dialog apart from another's; `button` names the action ("Remove").
    ConfirmDialog(std::string id, std::string button) : m_id("Confirm##" + id), m_button(std::move(button)) {}

    // Asks `question` from the next draw(); `action` runs only if the operator confirms.
    void ask(std::string question, std::function<void(ConsoleState&)> action) {
        m_question = std::move(question);
        m_action = std::move(action);
    }
    // Call every frame from the view's own ID scope.
    void draw(ConsoleState& state);

private:
    std::string m_id, m_button, m_question;
    std::function<void(ConsoleState&)> m_action;
};

}  // namespace switchboard::ui
