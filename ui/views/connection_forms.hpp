// The forms under the Connections view's tables: add or edit a bus connection, add or edit a job
// backend, with every setting `connections add` and `backends add` take (a UMB or
// fedora-messaging connection needs its client certificate; a Jenkins backend its user and the
// name of its token's variable). Secrets have no field: only where one is kept. A form clears
// only once the engine stored what it describes, so a refused save keeps what was typed.
// UI thread only.
#pragma once

#include <imgui.h>
#include <imgui_stdlib.h>

#include <functional>
#include <optional>
#include <string>

#include "awaited_command.hpp"
#include "console_state.hpp"
#include "engine/console_drafts.hpp"
#include "theme.hpp"

namespace switchboard::ui {

// A Test button for `target` ("connection" or "backend") `name`, disabled while that test runs.
void drawTestButton(ConsoleState& state, const char* target, const std::string& name,
                    const std::function<void()>& post, bool small = true);

// What both forms share: Edit fills the form; the form clears only once the engine stored what
// it describes; the settings beyond the first row fold under a node, which Edit of a definition
// that uses them opens. `Form` is engine::ConnectionForm or engine::BackendForm.
template <typename Form>
class FormPanel {
public:
    virtual ~FormPanel() = default;

    void draw(ConsoleState& state) {
        const auto answer = m_save.takeAnswer(state);
        if (answer && answer->ok) clear(state);
        ImGui::TextDisabled("%s", m_editing ? m_editTitle : m_addTitle);
        drawFirstRow(state);
        if (m_openMore) ImGui::SetNextItemOpen(true);
        m_openMore = false;
        if (ImGui::TreeNode(m_moreLabel)) {
            drawMore();
            ImGui::TreePop();
        }
    }

protected:
    FormPanel(const char* addTitle, const char* editTitle, const char* moreLabel)
        : m_addTitle(addTitle), m_editTitle(editTitle), m_moreLabel(moreLabel) {}

    void startEditing(Form form) {
        m_form = std::move(form);
        m_editing = true;
        m_openMore = m_form.showsMoreThanTheFirstRow();
    }

    void clear(ConsoleState& state) {
        m_save.forget(state);
        m_form = {};
        m_editing = false;
    }

    virtual void drawFirstRow(ConsoleState& state) = 0;
    virtual void drawMore() = 0;

    // The name field that starts the first row. The stores update a definition by its name, so an
    // edit keeps it.
    void drawNameField(const char* id) {
        ImGui::BeginDisabled(m_editing);
        ImGui::SetNextItemWidth(theme::px(140));
        ImGui::InputTextWithHint(id, "name", &m_form.name);
        ImGui::EndDisabled();
        ImGui::SameLine();
    }

    Form m_form;
    AwaitedCommand m_save;
    bool m_editing = false;

private:
    const char* m_addTitle;
    const char* m_editTitle;
    const char* m_moreLabel;
    bool m_openMore = false;  // open the settings node on the next frame
};

class ConnectionFormPanel : public FormPanel<engine::ConnectionForm> {
public:
    ConnectionFormPanel()
        : FormPanel("Add a connection", "Edit connection", "Login, TLS and delivery##connmore") {}
    void edit(const model::Connection& connection) {  // the Edit button of a table row
        startEditing(engine::ConnectionForm::of(connection));
    }

private:
    void drawFirstRow(ConsoleState& state) override;
    void drawConsumeField(float width);
    void drawMore() override;
    // The draft as a connection, or nullopt with the reason shown (a prefetch that is no number).
    std::optional<model::Connection> draft(ConsoleState& state, const char* verb);
};

class BackendFormPanel : public FormPanel<engine::BackendForm> {
public:
    BackendFormPanel()
        : FormPanel("Add a backend", "Edit backend", "Login, TLS and options##backendmore") {}
    void edit(const model::Backend& backend) {  // the Edit button of a table row
        startEditing(engine::BackendForm::of(backend));
    }

private:
    void drawFirstRow(ConsoleState& state) override;
    void drawMore() override;
};

}  // namespace switchboard::ui
