// Connections and backends: live state (up / down / backoff with reason), last message age, rate,
// a stale warning, add / edit / remove / test; backends with add / remove / test (health). A test
// runs on an engine worker; its result is shown under the table. UI thread only.
#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <sstream>

#include "awaited_command.hpp"
#include "engine/console_drafts.hpp"
#include "format.hpp"
#include "theme.hpp"
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
        takeSaveAnswer(state);
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
                testButton(state, "connection", c.name, [&] { state.engine->post(engine::TestConnection{c}); });
                ImGui::SameLine();
                if (ImGui::SmallButton("Edit")) {
                    m_name = c.name;
                    m_url = c.url;
                    m_consume = engine::consumeText(c);
                    m_editing = true;
                }
                ImGui::SameLine();
                if (ImGui::SmallButton("Remove")) ask("Remove connection '" + c.name + "'?", [name = c.name](ConsoleState& st) {
                    st.engine->post(engine::RemoveConnection{name});
                });
                ImGui::PopID();
            }
            ImGui::EndTable();
        }
        drawTestResults(state, "connection");
        drawForm(state);
    }

    // The form is cleared only once the engine stored the connection: a refused one (a name
    // taken, a URL that does not parse or holds a password) stays as typed, to be put right.
    void takeSaveAnswer(ConsoleState& state) {
        const auto answer = m_save.takeAnswer(state);
        if (!answer || !answer->ok) return;
        m_name.clear(), m_url.clear(), m_consume.clear();
        m_editing = false;
    }

    void drawForm(ConsoleState& state) {
        ImGui::TextDisabled(m_editing ? "Edit connection" : "Add a connection");
        // The store updates a connection by its name: an edit keeps it.
        ImGui::BeginDisabled(m_editing);
        ImGui::SetNextItemWidth(140);
        ImGui::InputTextWithHint("##cname", "name", &m_name);
        ImGui::EndDisabled();
        ImGui::SameLine();
        // The two fields share what the buttons after them leave, so none is pushed out.
        const ImGuiStyle& style = ImGui::GetStyle();
        const float buttons =
            ImGui::CalcTextSize("Save").x + ImGui::CalcTextSize("Testing").x +
            ImGui::CalcTextSize("Reconnect all").x +
            (m_editing ? ImGui::CalcTextSize("Cancel").x : 0) +
            (m_editing ? 4 : 3) * (2 * style.FramePadding.x + style.ItemSpacing.x);
        const float fields = std::max(200.0f, ImGui::GetContentRegionAvail().x - buttons - style.ItemSpacing.x);
        ImGui::SetNextItemWidth(fields * 0.6f);
        ImGui::InputTextWithHint("##curl", "amqps://host/vhost, stomp+ssl://host:61612, file://PATH?rate=5", &m_url);
        ImGui::SameLine();
        drawConsumeField(fields * 0.4f);
        ImGui::SameLine();
        ImGui::BeginDisabled(m_name.empty() || m_url.empty());
        if (ImGui::Button(m_editing ? "Save" : "Add"))
            m_save.post(state, engine::AddConnection{draftConnection(state), m_editing});
        ImGui::SameLine();
        // The draft can be tried before it is saved.
        testButton(state, "connection", m_name, [&] { state.engine->post(engine::TestConnection{draftConnection(state)}); },
                   false);
        ImGui::EndDisabled();
        if (m_editing) {
            ImGui::SameLine();
            if (ImGui::Button("Cancel")) {
                m_save.forget(state);
                m_name.clear(), m_url.clear(), m_consume.clear();
                m_editing = false;
            }
        }
        ImGui::SameLine();
        if (ImGui::Button("Reconnect all")) state.engine->post(engine::RestartBus{});
    }

    // What the connection consumes: an AMQP queue, or STOMP destinations one per line (a STOMP
    // connection often subscribes to several). One line high until it holds more.
    void drawConsumeField(float width) {
        if (!engine::consumesDestinations(m_url)) {
            ImGui::SetNextItemWidth(width);
            ImGui::InputTextWithHint("##cqueue", "AMQP queue (default sb.NAME)", &m_consume);
            return;
        }
        const auto breaks = std::count(m_consume.begin(), m_consume.end(), '\n');
        const float extraLines = static_cast<float>(std::min<long>(breaks, 3));  // then it scrolls
        const float height = ImGui::GetFrameHeight() + ImGui::GetTextLineHeight() * extraLines;
        ImGui::InputTextMultiline("##cdest", &m_consume, ImVec2(width, height));
        if (m_consume.empty() && !ImGui::IsItemActive()) {
            // ImGui 1.86 has no hint for a multi-line field: drawn where the text would start.
            const ImVec2 at(ImGui::GetItemRectMin().x + ImGui::GetStyle().FramePadding.x,
                            ImGui::GetItemRectMin().y + ImGui::GetStyle().FramePadding.y);
            ImGui::GetWindowDrawList()->AddText(at, ImGui::GetColorU32(ImGuiCol_TextDisabled),
                                                "STOMP destinations, one per line");
        }
        if (ImGui::IsItemHovered() && !ImGui::IsItemActive())
            ImGui::SetTooltip(
                "One destination per line, e.g.\n/queue/Consumer.me.sb.VirtualTopic.eng.ci.>");
    }

    model::Connection draftConnection(const ConsoleState& state) const {
        // What the form does not show (user, password variable, TLS files) comes from the
        // stored connection of that name.
        model::Connection stored;
        for (const auto& d : state.model.config.connections)
            if (d.name == m_name) stored = d;
        return engine::connectionFromForm(stored, m_name, m_url, m_consume);
    }

    // A Test button, disabled while that target's test is running.
    template <typename Post>
    void testButton(ConsoleState& state, const char* target, const std::string& name, Post post, bool small = true) {
        const auto it = state.tests.find(std::string(target) + ":" + name);
        const bool running = it != state.tests.end() && it->second.running;
        ImGui::BeginDisabled(running);
        if (small ? ImGui::SmallButton(running ? "Testing" : "Test") : ImGui::Button(running ? "Testing" : "Test")) post();
        ImGui::EndDisabled();
        if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
            ImGui::SetTooltip(std::string(target) == "connection" ? "Connect once and disconnect (on an engine worker)"
                                                                  : "Ask the backend for its health (on an engine worker)");
    }

    // The last test of each connection or backend, newest state first: up in green, the error in red.
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
                testButton(state, "backend", b.name, [&] { state.engine->post(engine::TestBackend{b}); });
                ImGui::SameLine();
                if (ImGui::SmallButton("Remove")) ask("Remove backend '" + b.name + "'?", [name = b.name](ConsoleState& st) {
                    st.engine->post(engine::RemoveBackend{name});
                });
                ImGui::PopID();
            }
            ImGui::EndTable();
        }
        drawTestResults(state, "backend");
        static const char* kTypes[] = {"dryrun", "jenkins", "gangway", "jobtrigger", "publish"};
        ImGui::SetNextItemWidth(140);
        ImGui::InputTextWithHint("##bname", "name", &m_bName);
        ImGui::SameLine();
        ImGui::SetNextItemWidth(110);
        ImGui::Combo("##btype", &m_bType, kTypes, 5);
        ImGui::SameLine();
        ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x * 0.5f);
        ImGui::InputTextWithHint("##burl", "https://jenkins.example.com", &m_bUrl);
        ImGui::SameLine();
        ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x - ImGui::CalcTextSize("Add backend").x -
                                ImGui::GetStyle().FramePadding.x * 2 - ImGui::GetStyle().ItemSpacing.x);
        ImGui::InputTextWithHint("##btoken", "token env variable", &m_bToken);
        ImGui::SameLine();
        ImGui::BeginDisabled(m_bName.empty());
        if (ImGui::Button("Add backend")) {
            model::Backend b;
            b.name = m_bName;
            b.type = model::parseBackendType(kTypes[m_bType]).value_or(model::BackendType::DryRun);
            b.url = m_bUrl;
            b.token_env = m_bToken;
            state.engine->post(engine::AddBackend{b});
            m_bName.clear(), m_bUrl.clear(), m_bToken.clear();
        }
        ImGui::EndDisabled();
    }

    void ask(std::string text, std::function<void(ConsoleState&)> action) {
        m_confirm.ask(std::move(text), std::move(action));
    }

    std::string m_name, m_url, m_consume, m_bName, m_bUrl, m_bToken;
    AwaitedCommand m_save;  // the connection form's Add / Save
    ConfirmDialog m_confirm{"conn", "Remove"};
    int m_bType = 0;
    bool m_editing = false;
};

std::unique_ptr<View> makeConnectionsView() { return std::make_unique<ConnectionsView>(); }

}  // namespace switchboard::ui
