// The forms under the Connections view's tables: add or edit a bus connection, add or edit a job
// backend, with every setting `connections add` and `backends add` take (a UMB or
// fedora-messaging connection needs its client certificate; a Jenkins backend its user and the
// name of its token's variable). Secrets have no field: only where one is kept. A form clears
// only once the engine stored what it describes, so a refused save keeps what was typed.
// UI thread only.
#pragma once

#include <functional>
#include <string>

#include "awaited_command.hpp"
#include "console_state.hpp"
#include "engine/console_drafts.hpp"

namespace switchboard::ui {

// A Test button for `target` ("connection" or "backend") `name`, disabled while that test runs.
void drawTestButton(ConsoleState& state, const char* target, const std::string& name,
                    const std::function<void()>& post, bool small = true);

class ConnectionFormPanel {
public:
    void edit(const model::Connection& connection);  // the Edit button of a table row
    void draw(ConsoleState& state);

private:
    void takeSaveAnswer(ConsoleState& state);
    void drawFirstRow(ConsoleState& state);
    void drawConsumeField(float width);
    void drawMore();
    // The draft as a connection, or nullopt with the reason shown (a prefetch that is no number).
    std::optional<model::Connection> draft(ConsoleState& state, const char* verb);
    void clear(ConsoleState& state);

    engine::ConnectionForm m_form;
    AwaitedCommand m_save;
    bool m_editing = false;
    bool m_openMore = false;  // open the settings below on the next frame (Edit of a full one)
};

class BackendFormPanel {
public:
    void edit(const model::Backend& backend);  // the Edit button of a table row
    void draw(ConsoleState& state);

private:
    void takeSaveAnswer(ConsoleState& state);
    void drawFirstRow(ConsoleState& state);
    void drawMore();
    void clear(ConsoleState& state);

    engine::BackendForm m_form;
    AwaitedCommand m_save;
    bool m_editing = false;
    bool m_openMore = false;
};

}  // namespace switchboard::ui
