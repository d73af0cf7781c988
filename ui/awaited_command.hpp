// A command whose own answer a view waits for: a save that must not clear a draft or a form
// before the engine stored it. The answer is told apart from other commands of the same origin
// by the ticket ConsoleEngine::post returned. UI thread only.
#pragma once

#include <optional>

#include "console_state.hpp"

namespace switchboard::ui {

class AwaitedCommand {
public:
    // Posts `command`; an earlier one still waiting is no longer awaited.
    void post(ConsoleState& state, engine::Command command) {
        forget(state);
        m_ticket = state.engine->post(std::move(command));
        state.awaited[m_ticket] = std::nullopt;
    }

    bool pending() const { return m_ticket != 0; }

    // The answer once it has arrived (then no longer pending); nullopt until then.
    std::optional<Outcome> takeAnswer(ConsoleState& state) {
        const auto it = state.awaited.find(m_ticket);
        if (!pending() || it == state.awaited.end() || !it->second) return std::nullopt;
        std::optional<Outcome> answer = std::move(it->second);
        forget(state);
        return answer;
    }

    // Stops waiting (the draft was reverted): a late answer is then dropped.
    void forget(ConsoleState& state) {
        if (pending()) state.awaited.erase(m_ticket);
        m_ticket = 0;
    }

private:
    uint64_t m_ticket = 0;
};

}  // namespace switchboard::ui
