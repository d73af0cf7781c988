// Connections and backends: live state (up / down / backoff with reason), last message age, rate,
// a stale warning, add / edit / remove / test; backends with add / edit / remove / test (health).
// A test runs on an engine worker; its result is shown under the table. The forms are in
// views/connection_forms. UI thread only.
#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <sstream>

#include "format.hpp"
#include "theme.hpp"
#include "views/connection_forms.hpp"
#include "views/view.hpp"
#include "widgets/confirm_dialog.hpp"

namespace switchboard::ui {

class ConnectionsView : public View {
public:
    ConnectionsView() : View("connections", "Connections", Pane::Left) {}

protected:
    void drawContent(ConsoleState& state) override {
        drawOutcome(state, "connections");
        drawConfigError(state);
        drawConnections(state);
        ImGui::Spacing();
        drawBackends(state);
        m_confirm.draw(state);
    }

private:
    const engine::ConnectionSnapshot* live(const ConsoleState& state, const std::string& name) {
        for (const auto& c : state.connections)
            if (c.status.name == name) return &c;
        return nullptr;
    }

    // What waits on the broker (when the protocol can tell) and, in the tooltip, what is on its
    // way: received but not yet stored and acknowledged.
    static void drawBacklog(const ConsoleState& state, const engine::ConnectionSnapshot* s) {
        if (!s || s->status.backlog < 0) {
            ImGui::TextDisabled("-");
        } else {
            const auto waiting = static_cast<uint64_t>(s->status.backlog);
            ImGui::TextColored(waiting ? theme::warn(state) : theme::dim(state), "%s", grouped(waiting).c_str());
        }
        if (!s || !ImGui::IsItemHovered()) return;
        const uint64_t onItsWay = s->status.received - std::min(s->status.received, s->status.acked);
        const std::string inFlight = grouped(onItsWay) + " received and not yet stored and acknowledged";
        if (s->status.backlog < 0 && s->status.state != bus::ConnState::Up)
            ImGui::SetTooltip("Not connected: the backlog is asked while the connection is up.");
        else if (s->status.backlog < 0)
            ImGui::SetTooltip("The broker cannot say how many messages wait (STOMP has no way to ask).\n%s",
                              inFlight.c_str());
        else
            ImGui::SetTooltip("%s waiting on the broker, asked every few seconds.\n%s",
                              grouped(static_cast<uint64_t>(s->status.backlog)).c_str(), inFlight.c_str());
    }

    // The events stored from this connection; what else came (re-deliveries absorbed by the
    // store's key, quarantined messages) is in the tooltip, and quarantine colours the count.
    static void drawStored(const ConsoleState& state, const engine::ConnectionSnapshot& s) {
        const auto& counts = s.counts;
        if (counts.quarantined) ImGui::TextColored(theme::warn(state), "%s", grouped(counts.stored).c_str());
        else ImGui::TextUnformatted(grouped(counts.stored).c_str());
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip("%s stored\n%s duplicates (re-deliveries, not stored twice)\n%s quarantined",
                              grouped(counts.stored).c_str(), grouped(counts.duplicates).c_str(),
                              grouped(counts.quarantined).c_str());
    }

    void drawConnections(ConsoleState& state) {
        if (!ImGui::CollapsingHeader("Connections", ImGuiTreeNodeFlags_DefaultOpen)) return;
        const auto& defs = state.model.config.connections;
        if (defs.empty()) ImGui::TextDisabled("No connections. Add one below (amqp://, stomp://, file://).");
        if (ImGui::BeginTable("conns", 8, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersV |
                                              ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_Resizable)) {
            // The state column has a set width: a long error reason (a TLS failure, say) would
            // otherwise push the Test / Edit / Remove buttons out of the window. The cell clips
            // it, and hovering shows it whole.
            // The counts and the buttons have set widths too: fitted to the first frame's content
            // (nothing, before the bus reports), they came out too narrow and stayed so.
            const ImGuiStyle& style = ImGui::GetStyle();
            const float buttonsWidth = ImGui::CalcTextSize("TestEditRemove").x + 6 * style.FramePadding.x +
                                       2 * style.ItemSpacing.x;
            const std::pair<const char*, float> columns[] = {
                {"Name", 0},
                {"State", ImGui::GetFontSize() * 8},
                {"Last message", 0},
                {"Rate", ImGui::CalcTextSize("00000/s").x},
                {"Backlog", ImGui::CalcTextSize("1,000,000").x},
                {"Stored", ImGui::CalcTextSize("1,000,000").x},
                {"URL", -1},
                {"", buttonsWidth}};
            for (const auto& [header, width] : columns) {
                if (width < 0) ImGui::TableSetupColumn(header, ImGuiTableColumnFlags_WidthStretch);
                else if (width > 0) ImGui::TableSetupColumn(header, ImGuiTableColumnFlags_WidthFixed, width);
                else ImGui::TableSetupColumn(header);
            }
            ImGui::TableHeadersRow();
            for (const auto& c : defs) {
                ImGui::PushID(c.name.c_str());
                ImGui::TableNextRow();
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(c.name.c_str());
                const auto* s = live(state, c.name);
                ImGui::TableNextColumn();
                std::string st = !c.enabled ? "disabled" : s ? bus::connStateName(s->status.state) : "not started";
                ImGui::TextColored(theme::stateColor(state, st), "%s", st.c_str());
                if (s && !s->status.reason.empty()) {
                    ImGui::SameLine();
                    ImGui::TextColored(theme::error(state), "(%s)", s->status.reason.c_str());
                    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", s->status.reason.c_str());
                }
                ImGui::TableNextColumn();
                if (s && s->status.lastMessageAt) {
                    ImGui::TextUnformatted(age(s->status.lastMessageAt, state.nowMs).c_str());
                    const int stale = c.staleAfterSeconds;
                    if (stale > 0 && s->status.state == bus::ConnState::Up &&
                        state.nowMs - s->status.lastMessageAt > stale * 1000LL) {
                        ImGui::SameLine();
                        ImGui::TextColored(theme::warn(state), "STALE (> %d s)", stale);
                    }
                } else {
                    ImGui::TextDisabled("never");
                }
                ImGui::TableNextColumn();
                const auto rate = state.connectionRates.find(c.name);
                const auto perSecond = rate == state.connectionRates.end()
                                           ? std::nullopt
                                           : rate->second.perSecond(state.nowMs);
                // A draining backlog runs at thousands a second: no decimals there, to fit.
                if (perSecond) ImGui::Text(*perSecond >= 100 ? "%.0f/s" : "%.1f/s", *perSecond);
                else ImGui::TextDisabled("-");
                ImGui::TableNextColumn();
                drawBacklog(state, s);
                ImGui::TableNextColumn();
                if (s) drawStored(state, *s);
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(model::redactUrl(c.url).c_str());
                ImGui::TableNextColumn();
                drawTestButton(state, "connection", c.name, [&] { state.engine->post(engine::TestConnection{c}); });
                ImGui::SameLine();
                if (ImGui::SmallButton("Edit")) m_connectionForm.edit(c);
                ImGui::SameLine();
                if (ImGui::SmallButton("Remove")) ask("Remove connection '" + c.name + "'?", [name = c.name](ConsoleState& st) {
                    st.engine->post(engine::RemoveConnection{name});
                });
                ImGui::PopID();
            }
            ImGui::EndTable();
        }
        drawTestResults(state, "connection");
        m_connectionForm.draw(state);
    }

    void drawTestResults(ConsoleState& state, const char* target) {
        const std::string prefix = std::string(target) + ":";
        for (const auto& [key, t] : state.tests) {
            if (key.compare(0, prefix.size(), prefix) != 0) continue;
            const ImVec4 colour = t.running ? theme::dim(state) : t.ok ? theme::ok(state) : theme::error(state);
            ImGui::PushStyleColor(ImGuiCol_Text, colour);
            if (t.running)
                ImGui::TextWrapped("Test %s '%s': %s", target, t.name.c_str(), t.message.c_str());
            else
                ImGui::TextWrapped("Test %s '%s': %s %s (%.0f ms)", target, t.name.c_str(), t.ok ? "up," : "failed:",
                                   t.message.c_str(), t.ms);
            ImGui::PopStyleColor();
        }
    }

    void drawBackends(ConsoleState& state) {
        if (!ImGui::CollapsingHeader("Job backends", ImGuiTreeNodeFlags_DefaultOpen)) return;
        const auto& backends = state.model.config.backends;
        if (backends.empty()) ImGui::TextDisabled("No backends. Add a dry-run backend to try firing jobs.");
        if (ImGui::BeginTable("backends", 5, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersV | ImGuiTableFlags_SizingFixedFit)) {
            for (const char* h : {"Name", "Type", "URL", "Credentials", ""})
                ImGui::TableSetupColumn(h, std::string(h) == "URL" ? ImGuiTableColumnFlags_WidthStretch : 0);
            ImGui::TableHeadersRow();
            for (const auto& b : backends) {
                ImGui::PushID(b.name.c_str());
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(b.name.c_str());
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(std::string(model::backendTypeName(b.type)).c_str());
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(b.url.empty() ? "-" : b.url.c_str());
                ImGui::TableNextColumn();
                // Where the secret lives, never the secret.
                const std::string cred = !b.token_env.empty() ? "$" + b.token_env : !b.token_file.empty() ? b.token_file : "none";
                ImGui::TextUnformatted(cred.c_str());
                ImGui::TableNextColumn();
                drawTestButton(state, "backend", b.name, [&] { state.engine->post(engine::TestBackend{b}); });
                ImGui::SameLine();
                if (ImGui::SmallButton("Edit")) m_backendForm.edit(b);
                ImGui::SameLine();
                if (ImGui::SmallButton("Remove")) ask("Remove backend '" + b.name + "'?", [name = b.name](ConsoleState& st) {
                    st.engine->post(engine::RemoveBackend{name});
                });
                ImGui::PopID();
            }
            ImGui::EndTable();
        }
        drawTestResults(state, "backend");
        m_backendForm.draw(state);
    }

    void ask(std::string text, std::function<void(ConsoleState&)> action) {
        m_confirm.ask(std::move(text), std::move(action));
    }

    ConnectionFormPanel m_connectionForm;
    BackendFormPanel m_backendForm;
    ConfirmDialog m_confirm{"conn", "Remove"};
};

std::unique_ptr<View> makeConnectionsView() { return std::make_unique<ConnectionsView>(); }

}  // namespace switchboard::ui
