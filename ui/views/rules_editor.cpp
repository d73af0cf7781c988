// Rules editor: the ordered rule set as a draft (move up / down, enable, mode, stop), each rule's
// conditions as rows (JSON as the advanced mode) and its action as JSON, validated as you type,
// one save for the whole set, and a live preview of what the draft would do over the last 10,000
// events. UI thread only.
#include <imgui.h>
#include <imgui_stdlib.h>

#include "awaited_command.hpp"
#include "engine/console_drafts.hpp"
#include "rules/rule_set.hpp"
#include "theme.hpp"
#include "views/view.hpp"
#include "widgets/condition_editor.hpp"

namespace switchboard::ui {

class RulesEditor : public View {
public:
    RulesEditor() : View("rules", "Rules", Pane::Left) {}

protected:
    void drawContent(ConsoleState& state) override {
        takeSaveAnswer(state);
        if (!m_dirty && m_seen != state.model.configVersion) {
            m_seen = state.model.configVersion;
            m_draft = state.model.config.rules;
            m_selected = std::min(m_selected, m_draft.empty() ? 0 : m_draft.size() - 1);
            loadText();
            requestPreview(state);
        }
        drawOutcome(state, "rules");
        drawConfigError(state);
        if (ImGui::BeginTable("rules", 2, ImGuiTableFlags_Resizable | ImGuiTableFlags_BordersInnerV)) {
            ImGui::TableSetupColumn("list", ImGuiTableColumnFlags_WidthStretch, 0.42f);
            ImGui::TableSetupColumn("edit", ImGuiTableColumnFlags_WidthStretch, 0.58f);
            ImGui::TableNextColumn();
            drawList(state);
            ImGui::TableNextColumn();
            drawRule(state);
            ImGui::EndTable();
        }
        drawPreview(state);
        if (m_previewDue && state.nowMs >= m_previewAt) requestPreview(state);
    }

private:
    static nlohmann::ordered_json definitions(const std::vector<model::Rule>& rules) {
        nlohmann::ordered_json out = nlohmann::ordered_json::array();
        for (const auto& r : rules) out.push_back(model::ruleToJson(r));
        return out;
    }

    // The draft stays dirty until the store took it: a refused save (two rules of one name) keeps
    // every edit, and drawOutcome shows why.
    void takeSaveAnswer(ConsoleState& state) {
        const auto answer = m_save.takeAnswer(state);
        if (!answer || !answer->ok) return;
        // Edits made while the save was on its way are not stored yet: they keep the draft dirty.
        if (definitions(m_draft) != m_savedJson) return;
        m_dirty = false;
        m_seen = state.model.configVersion;  // the stored rules come with the next snapshot
    }

    void save(ConsoleState& state) {
        m_savedJson = definitions(m_draft);
        m_save.post(state, engine::SaveRules{m_draft});
    }

    void revert(ConsoleState& state) {
        m_save.forget(state);
        m_dirty = false;
        m_seen = 0;
    }

    void addRule(ConsoleState& state) {
        std::vector<std::string> names;
        for (const auto& r : m_draft) names.push_back(r.name);
        model::Rule r;
        r.name = engine::unusedName("rule-", names);  // the store refuses a name twice
        r.when = {{"field", "kind"}, {"equals", "module"}};
        r.action = {{"jobs", {"example-job"}}, {"backend", "dry-run"}};
        m_draft.push_back(r);
        m_selected = m_draft.size() - 1;
        loadText();
        changed(state);
    }

    void loadText() {
        m_actionText = m_error = "";
        m_cond = ConditionDraft();
        if (m_selected >= m_draft.size()) return;
        const auto& r = m_draft[m_selected];
        m_cond = ConditionDraft::fromJson(r.when);
        m_actionText = r.action.dump(2);
    }

    void changed(ConsoleState& state) {
        m_dirty = true;
        m_previewDue = true;
        m_previewAt = state.nowMs + 300;  // debounce typing
    }

    void requestPreview(ConsoleState& state) {
        m_previewDue = false;
        state.engine->post(engine::PreviewRules{m_draft, ++m_generation, 10000});
    }

    void drawList(ConsoleState& state) {
        int move = 0;
        for (size_t i = 0; i < m_draft.size(); ++i) {
            auto& r = m_draft[i];
            ImGui::PushID(static_cast<int>(i));
            if (ImGui::Checkbox("##en", &r.enabled)) changed(state);
            if (ImGui::IsItemHovered()) ImGui::SetTooltip("enabled");
            ImGui::SameLine();
            const std::string label = std::to_string(i + 1) + ". " + r.name;
            if (ImGui::Selectable(label.c_str(), m_selected == i, 0, ImVec2(ImGui::GetContentRegionAvail().x - 150, 0))) {
                m_selected = i;
                loadText();
            }
            if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", r.name.c_str());
            ImGui::SameLine();
            ImGui::TextColored(r.mode == model::RuleMode::Auto ? theme::warn(state) : theme::dim(state), "%s",
                               std::string(model::ruleModeName(r.mode)).c_str());
            if (r.stop) {
                ImGui::SameLine();
                ImGui::TextDisabled("stop");
            }
            ImGui::SameLine(ImGui::GetContentRegionMax().x - 50);
            if (ImGui::ArrowButton("##up", ImGuiDir_Up) && i > 0) move = -static_cast<int>(i) - 1;
            ImGui::SameLine();
            if (ImGui::ArrowButton("##dn", ImGuiDir_Down) && i + 1 < m_draft.size()) move = static_cast<int>(i) + 1;
            ImGui::PopID();
        }
        if (move) {
            const size_t i = static_cast<size_t>(std::abs(move) - 1);
            const size_t j = move < 0 ? i - 1 : i + 1;
            std::swap(m_draft[i], m_draft[j]);
            m_selected = j;
            changed(state);
        }
        if (m_draft.empty()) ImGui::TextDisabled("No rules yet.");
        if (ImGui::Button("New rule")) addRule(state);
        ImGui::SameLine();
        ImGui::BeginDisabled(!m_dirty || !m_error.empty());
        // "###": one ID whatever the label says.
        if (ImGui::Button(m_save.pending() ? "Saving...###save"
                          : m_dirty        ? "Save all *###save"
                                           : "Save all###save"))
            save(state);
        ImGui::EndDisabled();
        ImGui::SameLine();
        ImGui::BeginDisabled(!m_dirty);
        if (ImGui::Button("Revert")) revert(state);
        ImGui::EndDisabled();
    }

    void drawRule(ConsoleState& state) {
        if (m_selected >= m_draft.size()) {
            ImGui::TextDisabled("Select a rule.");
            return;
        }
        auto& r = m_draft[m_selected];
        ImGui::SetNextItemWidth(-1);
        if (ImGui::InputText("##name", &r.name)) changed(state);
        int mode = r.mode == model::RuleMode::Auto ? 0 : 1;
        if (ImGui::RadioButton("auto", &mode, 0) | ImGui::RadioButton("suggest", &mode, 1)) {
            r.mode = mode == 0 ? model::RuleMode::Auto : model::RuleMode::Suggest;
            changed(state);
        }
        ImGui::SameLine();
        if (ImGui::Checkbox("stop after match", &r.stop)) changed(state);
        ImGui::SameLine();
        if (ImGui::SmallButton("Delete")) ImGui::OpenPopup("Delete rule?");
        if (ImGui::BeginPopupModal("Delete rule?", nullptr, ImGuiWindowFlags_AlwaysAutoResize)) {
            ImGui::Text("Delete rule '%s' from the draft? (Save all writes it.)", r.name.c_str());
            if (ImGui::Button("Delete")) {
                m_draft.erase(m_draft.begin() + static_cast<long>(m_selected));
                m_selected = m_selected ? m_selected - 1 : 0;
                loadText();
                changed(state);
                ImGui::CloseCurrentPopup();
            }
            ImGui::SameLine();
            if (ImGui::Button("Cancel")) ImGui::CloseCurrentPopup();
            ImGui::EndPopup();
            return;
        }
        ImGui::AlignTextToFramePadding();
        ImGui::TextDisabled("when");
        ImGui::SameLine();
        bool edited = editConditions(m_cond, state.mono, theme::error(state));
        if (state.mono) ImGui::PushFont(state.mono);
        ImGui::TextDisabled("action");
        edited |= ImGui::InputTextMultiline("##action", &m_actionText, ImVec2(-1, ImGui::GetTextLineHeight() * 5));
        if (state.mono) ImGui::PopFont();
        if (edited) {
            // Validation as you type: JSON first, then the rules engine's own check (regexes,
            // pointers, templates), so the draft never holds what Save would refuse.
            m_error.clear();
            const auto when = m_cond.toJson();
            const auto action = nlohmann::json::parse(m_actionText, nullptr, false);
            if (when.is_discarded()) m_error = "conditions: not valid JSON";
            else if (!m_cond.valid()) m_error = "conditions: fix the underlined condition";
            else if (action.is_discarded()) m_error = "action: not valid JSON";
            else {
                model::Rule candidate = r;
                candidate.when = when;
                candidate.action = action;
                try {
                    rules::validateRule(candidate);
                    r = candidate;
                    changed(state);
                } catch (const std::exception& e) {
                    m_error = e.what();
                }
            }
        }
        if (!m_error.empty()) {
            ImGui::PushStyleColor(ImGuiCol_Text, theme::error(state));
            ImGui::TextWrapped("%s", m_error.c_str());
            ImGui::PopStyleColor();
        }
    }

    void drawPreview(ConsoleState& state) {
        ImGui::Separator();
        if (!state.preview) {
            ImGui::TextDisabled("Preview: evaluating...");
            return;
        }
        const auto& p = *state.preview;
        if (!p.error.empty()) {
            ImGui::TextColored(theme::error(state), "Preview: %s", p.error.c_str());
            return;
        }
        ImGui::Text("Preview over the last %zu events: %zu runs would be created%s", p.events, p.runs,
                    p.generation == m_generation ? "" : " (updating...)");
        if (m_selected < p.matchedPerRule.size() && m_selected < m_draft.size())
            ImGui::TextDisabled("'%s' matches %zu of them", m_draft[m_selected].name.c_str(), p.matchedPerRule[m_selected]);
        if (ImGui::BeginTable("hits", 4, ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY | ImGuiTableFlags_SizingFixedFit,
                              ImVec2(0, ImGui::GetContentRegionAvail().y))) {
            ImGui::TableSetupScrollFreeze(0, 1);
            for (const char* c : {"Event", "Subject", "Rule", "Job on backend"})
                ImGui::TableSetupColumn(c, std::string(c) == "Event" ? ImGuiTableColumnFlags_WidthFixed : ImGuiTableColumnFlags_WidthStretch);
            ImGui::TableHeadersRow();
            for (const auto& h : p.hits) {
                ImGui::TableNextColumn();
                ImGui::PushID(&h);
                if (ImGui::Selectable(std::to_string(h.eventId).c_str(), false, ImGuiSelectableFlags_SpanAllColumns))
                    state.openEvent(h.eventId);
                ImGui::PopID();
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(h.subject.c_str());
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(h.rule.c_str());
                ImGui::TableNextColumn();
                ImGui::Text("%s on %s", h.job.c_str(), h.backend.c_str());
            }
            ImGui::EndTable();
        }
    }

    std::vector<model::Rule> m_draft;
    AwaitedCommand m_save;
    nlohmann::ordered_json m_savedJson;  // the draft's definitions as last posted to the store
    size_t m_selected = 0;
    ConditionDraft m_cond;
    std::string m_actionText, m_error;
    uint64_t m_seen = ~0ull, m_generation = 0;
    int64_t m_previewAt = 0;
    bool m_dirty = false, m_previewDue = false;
};

std::unique_ptr<View> makeRulesEditor() { return std::make_unique<RulesEditor>(); }

}  // namespace switchboard::ui
