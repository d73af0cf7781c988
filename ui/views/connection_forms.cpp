#include "views/connection_forms.hpp"

#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <stdexcept>

#include "model/backend.hpp"
#include "theme.hpp"

namespace switchboard::ui {

namespace {

// A text field of one line per line it holds (up to four, then it scrolls), with a hint while
// empty: ImGui 1.86 has none for a multi-line field, so it is drawn where the text would start.
void linesField(const char* id, std::string* text, float width, const char* hint) {
    const auto breaks = std::count(text->begin(), text->end(), '\n');
    const float extraLines = static_cast<float>(std::min<long>(breaks, 3));
    const float height = ImGui::GetFrameHeight() + ImGui::GetTextLineHeight() * extraLines;
    ImGui::InputTextMultiline(id, text, ImVec2(width, height));
    if (text->empty() && !ImGui::IsItemActive()) {
        const ImVec2 at(ImGui::GetItemRectMin().x + ImGui::GetStyle().FramePadding.x,
                        ImGui::GetItemRectMin().y + ImGui::GetStyle().FramePadding.y);
        ImGui::GetWindowDrawList()->AddText(at, ImGui::GetColorU32(ImGuiCol_TextDisabled), hint);
    }
}

// A dimmed label in one column of the settings table and its field in the next, as wide as it.
void labelled(const char* label) {
    ImGui::TableNextColumn();
    ImGui::AlignTextToFramePadding();
    ImGui::TextDisabled("%s", label);
    ImGui::TableNextColumn();
    ImGui::SetNextItemWidth(-1);
}

void field(const char* label, const char* id, const char* hint, std::string* text,
           const char* tooltip = nullptr) {
    labelled(label);
    ImGui::InputTextWithHint(id, hint, text);
    if (tooltip && ImGui::IsItemHovered() && !ImGui::IsItemActive())
        ImGui::SetTooltip("%s", tooltip);
}

void linesFieldLabelled(const char* label, const char* id, const char* hint, std::string* text,
                        const char* tooltip) {
    labelled(label);
    linesField(id, text, ImGui::GetContentRegionAvail().x, hint);
    if (ImGui::IsItemHovered() && !ImGui::IsItemActive()) ImGui::SetTooltip("%s", tooltip);
}

// The settings beyond the first row sit in a table of three label / field pairs a row.
bool beginSettingsTable(const char* id) {
    if (!ImGui::BeginTable(id, 6, ImGuiTableFlags_None)) return false;
    // Labels as wide as they are; the fields share the rest equally (a weight taken from the
    // first frame's content made one field a few letters wide).
    for (int pair = 0; pair < 3; ++pair) {
        ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthFixed);
        ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthStretch, 1.0f);
    }
    return true;
}

// The width of buttons labelled `labels`, with their padding and the spacing between them.
float buttonsWidth(std::initializer_list<const char*> labels) {
    const ImGuiStyle& style = ImGui::GetStyle();
    float width = 0;
    for (const char* label : labels)
        width += ImGui::CalcTextSize(label).x + 2 * style.FramePadding.x + style.ItemSpacing.x;
    return width;
}

}  // namespace

void drawTestButton(ConsoleState& state, const char* target, const std::string& name,
                    const std::function<void()>& post, bool small) {
    const auto it = state.tests.find(std::string(target) + ":" + name);
    const bool running = it != state.tests.end() && it->second.running;
    ImGui::BeginDisabled(running);
    const char* label = running ? "Testing" : "Test";
    if (small ? ImGui::SmallButton(label) : ImGui::Button(label)) post();
    ImGui::EndDisabled();
    if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
        ImGui::SetTooltip(std::string(target) == "connection"
                              ? "Connect once and disconnect (on an engine worker)"
                              : "Ask the backend for its health (on an engine worker)");
}

// ---- connections ----

std::optional<model::Connection> ConnectionFormPanel::draft(ConsoleState& state, const char* verb) {
    // What the form has no field for (enabled) comes from the stored connection of that name.
    model::Connection stored;
    for (const auto& d : state.model.config.connections)
        if (d.name == m_form.name) stored = d;
    try {
        return engine::connectionFromForm(stored, m_form);
    } catch (const std::invalid_argument& e) {
        state.outcomes["connections"] = {false, "connection '" + m_form.name + "' not " + verb +
                                                    ": " + e.what()};
        return std::nullopt;
    }
}

void ConnectionFormPanel::drawFirstRow(ConsoleState& state) {
    drawNameField("##cname");
    // The two fields share what the buttons after them leave, so none is pushed out.
    const float buttons = m_editing ? buttonsWidth({"Save", "Testing", "Cancel", "Reconnect all"})
                                    : buttonsWidth({"Add", "Testing", "Reconnect all"});
    const float fields = std::max(200.0f, ImGui::GetContentRegionAvail().x - buttons -
                                              ImGui::GetStyle().ItemSpacing.x);
    ImGui::SetNextItemWidth(fields * 0.6f);
    ImGui::InputTextWithHint(
        "##curl", "amqps://host/vhost, stomp+ssl://host:61612, file://PATH?rate=5", &m_form.url);
    ImGui::SameLine();
    drawConsumeField(fields * 0.4f);
    ImGui::SameLine();
    ImGui::BeginDisabled(m_form.name.empty() || m_form.url.empty());
    if (ImGui::Button(m_editing ? "Save" : "Add"))
        if (auto c = draft(state, "saved"))
            m_save.post(state, engine::AddConnection{*c, m_editing});
    ImGui::SameLine();
    // The draft can be tried before it is saved.
    drawTestButton(
        state, "connection", m_form.name,
        [&] {
            if (auto c = draft(state, "tested")) state.engine->post(engine::TestConnection{*c});
        },
        false);
    ImGui::EndDisabled();
    if (m_editing) {
        ImGui::SameLine();
        if (ImGui::Button("Cancel")) clear(state);
    }
    ImGui::SameLine();
    if (ImGui::Button("Reconnect all")) state.engine->post(engine::RestartBus{});
}

// What the connection consumes: an AMQP queue, or STOMP destinations one per line (a STOMP
// connection often subscribes to several).
void ConnectionFormPanel::drawConsumeField(float width) {
    if (!engine::consumesDestinations(m_form.url)) {
        ImGui::SetNextItemWidth(width);
        ImGui::InputTextWithHint("##cqueue", "AMQP queue (default sb.NAME)", &m_form.consume);
        return;
    }
    linesField("##cdest", &m_form.consume, width, "STOMP destinations, one per line");
    if (ImGui::IsItemHovered() && !ImGui::IsItemActive())
        ImGui::SetTooltip(
            "One destination per line, e.g.\n/queue/Consumer.me.sb.VirtualTopic.eng.ci.>");
}

void ConnectionFormPanel::drawMore() {
    if (!beginSettingsTable("##connsettings")) return;
    field("User", "##cuser", "none", &m_form.user);
    field("Password variable", "##cpassenv", "e.g. UMB_PASSWORD", &m_form.passwordEnv,
          "The name of an environment variable of the console that holds the password.\n"
          "The password itself is never stored.");
    field("or file", "##cpassfile", "a file holding it", &m_form.passwordFile);
    field("CA file", "##cca", "system CAs", &m_form.caFile,
          "PEM bundle that verifies the broker's certificate (amqps://, stomp+ssl://)");
    field("Client certificate", "##ccert", "PEM file", &m_form.certFile,
          "UMB and fedora-messaging log in with a client certificate and its key");
    field("Key", "##ckey", "PEM file", &m_form.keyFile);
    if (!engine::consumesDestinations(m_form.url)) {
        field("Exchange", "##cexchange", "amq.topic", &m_form.exchange);
        linesFieldLabelled("Routing keys", "##cbind", "# (every message)", &m_form.bindings,
                           "One routing key per line that binds the queue to the exchange,\n"
                           "e.g. org.fedoraproject.prod.pungi.#");
        ImGui::TableNextRow();
    }
    field("Prefetch", "##cprefetch", "2000", &m_form.prefetch,
          "Messages the broker sends ahead of their acknowledgement");
    field("Stale after (s)", "##cstale", "never", &m_form.staleAfter,
          "Warn when the connection is up but no message came for this many seconds");
    ImGui::EndTable();
}

// ---- backends ----

void BackendFormPanel::drawFirstRow(ConsoleState& state) {
    drawNameField("##bname");
    ImGui::SetNextItemWidth(theme::px(110));
    const std::string current(model::backendTypeName(m_form.type));
    if (ImGui::BeginCombo("##btype", current.c_str())) {
        for (const auto type : {model::BackendType::DryRun, model::BackendType::Jenkins,
                                model::BackendType::Gangway, model::BackendType::JobTrigger,
                                model::BackendType::Publish}) {
            const std::string name(model::backendTypeName(type));
            if (ImGui::Selectable(name.c_str(), type == m_form.type)) m_form.type = type;
        }
        ImGui::EndCombo();
    }
    ImGui::SameLine();
    const float buttons =
        m_editing ? buttonsWidth({"Save", "Cancel"}) : buttonsWidth({"Add backend"});
    ImGui::SetNextItemWidth(std::max(160.0f, ImGui::GetContentRegionAvail().x - buttons));
    const char* hint = "https://jenkins.example.com";
    if (m_form.type == model::BackendType::Publish) hint = "amqp://host/vhost or stomp://host";
    if (m_form.type == model::BackendType::DryRun) hint = "(a dry run sends nowhere)";
    ImGui::InputTextWithHint("##burl", hint, &m_form.url);
    ImGui::SameLine();
    ImGui::BeginDisabled(m_form.name.empty());
    if (ImGui::Button(m_editing ? "Save##backend" : "Add backend")) {
        try {
            m_save.post(state, engine::AddBackend{engine::backendFromForm(m_form), m_editing});
        } catch (const std::invalid_argument& e) {
            state.outcomes["connections"] = {false, "backend '" + m_form.name + "' not saved: " +
                                                        e.what()};
        }
    }
    ImGui::EndDisabled();
    if (m_editing) {
        ImGui::SameLine();
        if (ImGui::Button("Cancel##backend")) clear(state);
    }
}

void BackendFormPanel::drawMore() {
    if (!beginSettingsTable("##backendsettings")) return;
    field("User", "##buser", "none", &m_form.user,
          "Jenkins: the user whose API token the variable holds; publish: the bus user");
    field("Token variable", "##btokenenv", "e.g. JENKINS_TOKEN", &m_form.tokenEnv,
          "The name of an environment variable of the console that holds the token or password.\n"
          "The token itself is never stored.");
    field("or file", "##btokenfile", "a file holding it", &m_form.tokenFile);
    field("CA file", "##bca", "system CAs", &m_form.caFile,
          "PEM bundle that verifies the server's certificate");
    linesFieldLabelled("Options", "##boptions", "KEY=VALUE, one per line", &m_form.options,
                       "One KEY=VALUE per line; VALUE is JSON when it parses.\n"
                       "Jenkins: auth=password (crumb login)\n"
                       "Gangway: endpoint=body, execution_type=2\n"
                       "job-trigger: endpoint=..., templates={...}\n"
                       "publish: exchange=X, topic=T\n"
                       "any: timeout_ms=N, connect_timeout_ms=N");
    ImGui::EndTable();
}

}  // namespace switchboard::ui
