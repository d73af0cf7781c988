#include "views/event_detail_view.hpp"

#include <imgui.h>
#include <imgui_stdlib.h>

#include <optional>
#include <sstream>

#include "engine/event_filter.hpp"
#include "engine/json_diff.hpp"
#include "format.hpp"
#include "theme.hpp"
#include "views/run_table.hpp"
#include "widgets/json_tree.hpp"

namespace switchboard::ui {

namespace {
std::string join(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& i : items) out += (out.empty() ? "" : ", ") + i;
    return out;
}

// "k=v" lines <-> a JSON object of strings.
std::string paramsText(const nlohmann::json& params) {
    std::string out;
    for (auto it = params.begin(); it != params.end(); ++it)
        out += it.key() + "=" + (it->is_string() ? it->get<std::string>() : it->dump()) + "\n";
    return out;
}
nlohmann::json parseParams(const std::string& text, std::string& error) {
    nlohmann::json out = nlohmann::json::object();
    std::istringstream in(text);
    std::string line;
    int n = 0;
    while (std::getline(in, line)) {
        ++n;
        if (line.find_first_not_of(" \t") == std::string::npos) continue;
        const size_t eq = line.find('=');
        if (eq == std::string::npos || eq == 0) {
            error = "parameter line " + std::to_string(n) + " is not KEY=VALUE";
            return out;
        }
        out[line.substr(0, eq)] = line.substr(eq + 1);
    }
    return out;
}
}  // namespace

namespace {
// The outcomes of jobs fired from the detail are kept by event: one that comes back after another
// event was opened belongs to the event it was fired for, not to the one on show.
std::string fireOrigin(int64_t eventId) {
    return "detail:" + std::to_string(eventId);
}
}  // namespace

int64_t pinAfterD(int64_t pinned, int64_t open) {
    return pinned ? 0 : open;
}

void EventDetailView::drawFields(ConsoleState& state, const model::Event& e) {
    (void)state;
    if (!ImGui::BeginTable("fields", 2, ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_RowBg))
        return;
    ImGui::TableSetupColumn("f");
    ImGui::TableSetupColumn("v", ImGuiTableColumnFlags_WidthStretch);
    fieldRow("id", std::to_string(e.id));
    fieldRow("kind", std::string(model::kindName(e.kind)));
    fieldRow("event", e.event);
    fieldRow("subject", e.subject);
    fieldRow("state", e.state);
    fieldRow("product", e.product);
    fieldRow("version", e.version);
    fieldRow("arch", join(e.arch));
    fieldRow("component", e.component);
    fieldRow("tags", join(e.tags));
    fieldRow("topic", e.topic);
    fieldRow("source", e.source);
    fieldRow("msg_id", e.msg_id);
    fieldRow("received", model::formatIso8601(e.received_at));
    ImGui::EndTable();
}

namespace {
// The rules that matched, in the order they are tried, each saying whether it ends the evaluation.
void matchedRules(ConsoleState& state, const nlohmann::json& rules) {
    for (const auto& r : rules) {
        if (!r.is_object() || !r.value("matched", false)) continue;
        ImGui::PushStyleColor(ImGuiCol_Text, theme::ok(state));
        ImGui::Bullet();
        ImGui::TextWrapped("%s", r.value("name", "?").c_str());
        ImGui::PopStyleColor();
        if (r.value("stopped", false)) {
            ImGui::SameLine();
            ImGui::TextDisabled("(stop: later rules not tried)");
        }
    }
}

// The rules that did not match, each with the condition that failed (or "disabled", "not
// evaluated: ... stops evaluation").
void unmatchedRules(const nlohmann::json& rules) {
    // Long rule names must not squeeze the reason into a column of single letters: both stretch.
    if (!ImGui::BeginTable("unmatched_rules", 2,
                           ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp))
        return;
    ImGui::TableSetupColumn("Rule", ImGuiTableColumnFlags_WidthStretch, 1.0f);
    ImGui::TableSetupColumn("Why not", ImGuiTableColumnFlags_WidthStretch, 1.6f);
    ImGui::TableHeadersRow();
    for (const auto& r : rules) {
        if (!r.is_object() || r.value("matched", false)) continue;
        ImGui::TableNextColumn();
        ImGui::TextWrapped("%s", r.value("name", "?").c_str());
        ImGui::TableNextColumn();
        ImGui::TextWrapped("%s", r.value("reason", "").c_str());
    }
    ImGui::EndTable();
}
}  // namespace

void EventDetailView::drawRules(ConsoleState& state, const engine::EventFetched& f) {
    if (f.explanation.is_null()) {
        ImGui::TextDisabled("No rules are defined, or the rules engine gave no explanation.");
        return;
    }
    const auto& rules = f.explanation.contains("rules") ? f.explanation["rules"] : f.explanation;
    // What fired (or would) comes first; the rules that passed the event by are the answer to "why
    // did my rule not fire?", one click away rather than a screenful above the body.
    size_t matched = 0, other = 0;
    for (const auto& r : rules)
        if (r.is_object()) ++(r.value("matched", false) ? matched : other);
    if (matched == 0)
        ImGui::TextDisabled("No rule matched this event.");
    else
        matchedRules(state, rules);
    if (other > 0) {
        const std::string label = std::to_string(other) + (other == 1 ? " rule" : " rules") +
                                  (matched ? " did not match" : ": why each did not match");
        if (ImGui::TreeNode("unmatched", "%s", label.c_str())) {
            unmatchedRules(rules);
            ImGui::TreePop();
        }
    }
    if (f.explanation.contains("runs") && !f.explanation["runs"].empty()) {
        ImGui::TextDisabled("Would fire:");
        for (const auto& run : f.explanation["runs"]) {
            ImGui::PushID(&run);
            ImGui::BulletText("%s on %s", run.value("job", "?").c_str(),
                              run.value("backend", "?").c_str());
            ImGui::SameLine();
            if (ImGui::SmallButton("Fire")) {
                engine::FireJob cmd;
                cmd.job = run.value("job", "");
                cmd.backend = run.value("backend", "");
                cmd.params = run.value("params", nlohmann::json::object());
                cmd.eventId = f.id;
                cmd.rule = run.value("rule", "");
                cmd.reason = "suggested by rule " + cmd.rule;
                cmd.origin = fireOrigin(f.id);
                state.engine->post(cmd);
            }
            ImGui::PopID();
        }
    }
}

void EventDetailView::drawRuns(ConsoleState& state, const engine::EventFetched& f) {
    if (f.runs.empty()) {
        ImGui::TextDisabled("No runs yet.");
        return;
    }
    drawRunTable(state, f.runs, "event_runs", false);
}

void EventDetailView::drawFire(ConsoleState& state, const model::Event& e) {
    const auto& backends = state.model.config.backends;
    // Another event opened: the job, reason and result typed or shown for the last one are not
    // this one's, and a "run 58 fired" left under it would read as this event's run.
    if (m_formFor != e.id) {
        state.outcomes.erase(fireOrigin(m_formFor));
        m_job.clear();
        m_reason.clear();
    }
    // Prefilled again when the event's subject changed under the form (a field pointer added).
    if (m_formFor != e.id || m_formSubject != e.subject) {
        m_formFor = e.id;
        m_formSubject = e.subject;
        nlohmann::json p = {{"subject", e.subject},
                            {"kind", std::string(model::kindName(e.kind))},
                            {"state", e.state},
                            {"event_id", std::to_string(e.id)}};
        if (!e.product.empty()) p["product"] = e.product;
        if (!e.version.empty()) p["version"] = e.version;
        m_params = paramsText(p);
        if (m_backend.empty()) {
            for (const auto& b : backends)
                if (b.type == model::BackendType::DryRun) m_backend = b.name;
            if (m_backend.empty() && !backends.empty()) m_backend = backends[0].name;
        }
    }
    if (state.focusFire) {
        ImGui::SetKeyboardFocusHere();
        state.focusFire = false;
    }
    ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x * 0.45f);
    const bool enter = ImGui::InputTextWithHint("##job", "job name (F)", &m_job,
                                                ImGuiInputTextFlags_EnterReturnsTrue);
    ImGui::SameLine();
    ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x * 0.6f);
    if (ImGui::BeginCombo("##backend", m_backend.empty() ? "backend" : m_backend.c_str())) {
        for (const auto& b : backends) {
            const std::string& name = b.name;
            const std::string label =
                name + "  (" + std::string(model::backendTypeName(b.type)) + ")";
            if (ImGui::Selectable(label.c_str(), name == m_backend)) m_backend = name;
        }
        if (backends.empty()) ImGui::TextDisabled("no backends: add one in Connections");
        ImGui::EndCombo();
    }
    ImGui::SameLine();
    std::string error;
    const nlohmann::json params = parseParams(m_params, error);
    ImGui::BeginDisabled(m_job.empty() || m_backend.empty() || !error.empty());
    if (ImGui::Button("Fire job") ||
        (enter && !m_job.empty() && !m_backend.empty() && error.empty())) {
        engine::FireJob cmd;
        cmd.job = m_job;
        cmd.backend = m_backend;
        cmd.params = params;
        cmd.eventId = e.id;
        cmd.reason =
            m_reason.empty() ? "fired by the operator for event " + std::to_string(e.id) : m_reason;
        cmd.origin = fireOrigin(e.id);
        state.engine->post(cmd);
    }
    ImGui::EndDisabled();
    ImGui::InputTextMultiline("##params", &m_params, ImVec2(-1, ImGui::GetTextLineHeight() * 5));
    ImGui::SetNextItemWidth(-1);
    ImGui::InputTextWithHint("##reason", "reason (optional)", &m_reason);
    if (!error.empty()) ImGui::TextColored(theme::error(state), "%s", error.c_str());
    drawOutcome(state, fireOrigin(e.id));
}

void EventDetailView::drawDiff(ConsoleState& state) {
    if (!state.compareEvent || state.compareEvent == state.selectedEvent) return;
    if (!ImGui::CollapsingHeader("Diff", ImGuiTreeNodeFlags_DefaultOpen)) return;
    if (!state.compare || !state.compare->event || !state.detail || !state.detail->event) {
        ImGui::TextDisabled("loading event %lld...", static_cast<long long>(state.compareEvent));
        return;
    }
    const auto& a = *state.compare->event;
    const auto& b = *state.detail->event;
    ImGui::TextDisabled("event %lld (pinned) -> event %lld", static_cast<long long>(a.id),
                        static_cast<long long>(b.id));
    ImGui::SameLine();
    // Unpinned only once `a` has been read: unpinning frees it.
    const bool unpin = ImGui::SmallButton("Unpin");
    ImGui::SameLine();
    ImGui::TextDisabled("(or D)");
    nlohmann::json left = model::toJson(a, true), right = model::toJson(b, true);
    left.erase("id"), right.erase("id");
    if (unpin) state.setCompare(0);
    const auto diffs = engine::jsonDiff(left, right);
    if (diffs.empty()) ImGui::TextDisabled("No differences.");
    if (!ImGui::BeginTable(
            "diff", 3,
            ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_Resizable))
        return;
    ImGui::TableSetupColumn("Pointer");
    ImGui::TableSetupColumn("Pinned");
    ImGui::TableSetupColumn("This");
    ImGui::TableHeadersRow();
    for (const auto& d : diffs) {
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(d.pointer.c_str());
        ImGui::TableNextColumn();
        ImGui::TextColored(theme::error(state), "%s",
                           d.leftMissing ? "(absent)" : d.left.dump().c_str());
        ImGui::TableNextColumn();
        ImGui::TextColored(theme::ok(state), "%s",
                           d.rightMissing ? "(absent)" : d.right.dump().c_str());
    }
    ImGui::EndTable();
}

void EventDetailView::drawBody(ConsoleState& state, const model::Event& e) {
    const bool other = e.kind == model::Kind::Other;
    if (other) {
        ImGui::PushTextWrapPos(0);
        ImGui::TextDisabled(
            "%s", e.subject.empty()
                      ? "No family knows this message: right-click a value in Body or Headers to "
                        "read the subject from it."
                      : "Right-click a value to read a field of messages like this one from it.");
        ImGui::PopTextWrapPos();
        drawOutcome(state, "pointers");
    }
    jsonTree("body", e.body, state.mono, valueMenu(state, e, model::PointerPart::Body));
}

NodeMenu EventDetailView::valueMenu(ConsoleState& state, const model::Event& e,
                                    model::PointerPart part) {
    return [this, &state, &e, part](const std::string& pointer, const nlohmann::json& node) {
        if (node.is_structured()) return;
        ImGui::Separator();
        // A task id, a user, a URL seen here: every message that mentions it, in the feed.
        const std::optional<std::string> text = engine::containsTextFor(node);
        if (ImGui::MenuItem("Show messages that mention it", nullptr, false, text.has_value())) {
            state.feedFilter = engine::withTerm("", "contains", *text);
            state.selectView = "feed";
        }
        if (!text && ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
            ImGui::SetTooltip("The feed's filter cannot hold this value: it is empty or null, "
                              "or has a quote or a line break (events --contains can).");
        if (e.kind != model::Kind::Other) {
            ImGui::MenuItem("Read as a field (kind other only)", nullptr, false, false);
            return;
        }
        if (ImGui::BeginMenu("Read as")) {
            for (auto field : model::kPointerFields) {
                const std::string label(model::pointerFieldName(field));
                if (ImGui::MenuItem(label.c_str())) m_pointerDialog.open(e, part, pointer, field);
            }
            ImGui::EndMenu();
        }
    };
}

void EventDetailView::drawContent(ConsoleState& state) {
    if (state.selectedQuarantined) {
        m_quarantine.draw(state);
        return;
    }
    if (!state.selectedEvent) {
        ImGui::TextDisabled("Select an event in the feed (click, or arrows and Enter).");
        return;
    }
    if (!state.detail) {
        ImGui::TextDisabled("Loading event %lld...", static_cast<long long>(state.selectedEvent));
        return;
    }
    const engine::EventFetched& f = *state.detail;
    if (!f.event) {
        ImGui::TextColored(theme::error(state), "%s", f.error.c_str());
        return;
    }
    const model::Event& e = *f.event;
    ImGui::TextColored(theme::kindColor(state, static_cast<int>(e.kind), false), "%s",
                       std::string(model::kindName(e.kind)).c_str());
    ImGui::SameLine();
    ImGui::TextUnformatted(e.subject.empty() ? "(no subject)" : e.subject.c_str());
    ImGui::SameLine();
    ImGui::TextColored(theme::stateColor(state, e.state), "%s", e.state.c_str());
    ImGui::SameLine();
    ImGui::TextDisabled("%s  #%lld", dateTime(e.received_at).c_str(), static_cast<long long>(e.id));
    if (!f.error.empty()) ImGui::TextColored(theme::error(state), "%s", f.error.c_str());
    drawDiff(state);
    if (ImGui::CollapsingHeader("Fields", ImGuiTreeNodeFlags_DefaultOpen)) drawFields(state, e);
    if (ImGui::CollapsingHeader("Fire a job", ImGuiTreeNodeFlags_DefaultOpen)) drawFire(state, e);
    if (ImGui::CollapsingHeader("Rules", ImGuiTreeNodeFlags_DefaultOpen)) drawRules(state, f);
    if (ImGui::CollapsingHeader("Runs of this event", ImGuiTreeNodeFlags_DefaultOpen))
        drawRuns(state, f);
    if (ImGui::CollapsingHeader("Body", ImGuiTreeNodeFlags_DefaultOpen)) drawBody(state, e);
    // A UMB message often carries its facts as headers and an empty body: show those at once.
    const bool bodyEmpty = !e.body.is_structured() || e.body.empty();
    if (ImGui::CollapsingHeader("Headers", bodyEmpty ? ImGuiTreeNodeFlags_DefaultOpen : 0))
        jsonTree("headers", e.headers, state.mono, valueMenu(state, e, model::PointerPart::Headers));
    m_pointerDialog.draw(state);
}

}  // namespace switchboard::ui
