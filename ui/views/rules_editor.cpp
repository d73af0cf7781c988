// Rules editor: the ordered rule set as a draft (move up / down, enable, mode, stop), each rule's
// conditions as rows (JSON as the advanced mode) and its action as JSON, validated as you type and
// kept per rule until it is valid, one save for the whole set, and a live preview of what the
// draft would do over the last 10,000 events. UI thread only.
#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>

#include "awaited_command.hpp"
#include "engine/console_drafts.hpp"
#include "model/json_dump.hpp"
#include "rules/rule_set.hpp"
#include "theme.hpp"
#include "views/view.hpp"
#include "widgets/condition_editor.hpp"
#include "widgets/list_keys.hpp"

namespace switchboard::ui {

class RulesEditor : public View {
public:
    RulesEditor() : View("rules", "Rules", Pane::Left) {}

    // Up / Down (k / j) select a rule; with Alt they move the selected one earlier or later.
    // Only while no text field has the keyboard (View::onKeys), so the editor's fields keep theirs.
    void onKeys(ConsoleState& state) override {
        const int direction = upDownStep();
        if (direction == 0) return;
        const ListStep step =
            stepInList(m_selected, m_draft.size(), direction, ImGui::GetIO().KeyAlt);
        if (step.swapped) swapRules(step.from, step.selected, state);
        m_selected = step.selected;
        m_scrollToSelected = true;
    }

protected:
    void drawContent(ConsoleState& state) override {
        takeSaveAnswer(state);
        if (!m_dirty && !unparsedRule() && m_seen != state.model.configVersion) {
            m_seen = state.model.configVersion;
            m_draft = state.model.config.rules;
            m_selected = std::min(m_selected, m_draft.empty() ? 0 : m_draft.size() - 1);
            loadTexts();
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
    // What is typed for one rule, kept per rule whether it parses or not, so that selecting
    // another rule never throws away half-typed JSON. The draft's rule takes the text only once
    // it is valid; until then `error` says why, and Save all waits.
    struct RuleText {
        ConditionDraft cond;
        std::string action;
        std::string error;
    };

    static RuleText textOf(const model::Rule& r) {
        return {ConditionDraft::fromJson(r.when), r.action.dump(2), ""};
    }

    // "" with the text taken into `rule`, or why it cannot be: JSON first, then the rules
    // engine's own check (regexes, pointers, templates), so the draft never holds what Save
    // would refuse.
    static std::string takeText(const RuleText& text, model::Rule& rule) {
        const auto when = text.cond.toJson();
        if (when.is_discarded()) return "conditions: not valid JSON";
        if (!text.cond.valid()) return "conditions: fix the underlined condition";
        nlohmann::json action;
        try {
            action = nlohmann::json::parse(text.action);
        } catch (const nlohmann::json::parse_error& e) {
            return "action: not valid JSON, " + model::jsonErrorText(e);
        }
        model::Rule candidate = rule;
        candidate.when = when;
        candidate.action = action;
        try {
            rules::validateRule(candidate);
        } catch (const std::exception& e) {
            return e.what();
        }
        rule = std::move(candidate);
        return "";
    }

    // The first rule whose typed text is not in the draft yet, or nullptr.
    const model::Rule* unparsedRule() const {
        for (size_t i = 0; i < m_texts.size() && i < m_draft.size(); ++i)
            if (!m_texts[i].error.empty()) return &m_draft[i];
        return nullptr;
    }

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
        // Edits made while the save was on its way are not stored yet: they keep the draft dirty,
        // and so does text typed meanwhile that does not parse (a snapshot would replace it).
        if (definitions(m_draft) != m_savedJson || unparsedRule()) return;
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
        m_texts.clear();  // typed text too: the stored rules come back with their own
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
        m_texts.push_back(textOf(r));
        m_selected = m_draft.size() - 1;
        changed(state);
    }

    void loadTexts() {
        m_texts.clear();
        for (const auto& r : m_draft) m_texts.push_back(textOf(r));
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

    // Rules i and j trade places in the draft, with the text typed for each.
    void swapRules(size_t i, size_t j, ConsoleState& state) {
        std::swap(m_draft[i], m_draft[j]);
        std::swap(m_texts[i], m_texts[j]);
        changed(state);
    }

    void drawList(ConsoleState& state) {
        int move = 0;
        // Right of each name: its mode and "stop"; on the selected rule, whose mode and stop the
        // editor beside shows, the two arrows that move it instead. Both share one room, measured
        // in the font, so that the names line up and keep their width at any text size.
        const ImGuiStyle& style = ImGui::GetStyle();
        const float arrows = ImGui::GetFrameHeight() * 2 + style.ItemSpacing.x;
        const float modeAndStop = ImGui::CalcTextSize("suggest").x + ImGui::CalcTextSize("stop").x +
                                  style.ItemSpacing.x;
        const float besideName = std::max(modeAndStop, arrows) + style.ItemSpacing.x * 2;
        for (size_t i = 0; i < m_draft.size(); ++i) {
            auto& r = m_draft[i];
            ImGui::PushID(static_cast<int>(i));
            if (ImGui::Checkbox("##en", &r.enabled)) changed(state);
            if (ImGui::IsItemHovered()) ImGui::SetTooltip("enabled");
            ImGui::SameLine();
            // A rule whose typed text is not valid yet is marked, in red, wherever the list shows.
            const std::string* unparsed =
                i < m_texts.size() && !m_texts[i].error.empty() ? &m_texts[i].error : nullptr;
            const std::string label =
                std::string(unparsed ? "! " : "") + std::to_string(i + 1) + ". " + r.name;
            if (unparsed) ImGui::PushStyleColor(ImGuiCol_Text, theme::error(state));
            // "###rule": one ID whether marked or not.
            if (ImGui::Selectable((label + "###rule").c_str(), m_selected == i, 0,
                                  ImVec2(ImGui::GetContentRegionAvail().x - besideName, 0)))
                m_selected = i;  // the text typed for the rule left stays with it
            if (unparsed) ImGui::PopStyleColor();
            if (m_scrollToSelected && m_selected == i) {
                if (!ImGui::IsItemVisible()) ImGui::SetScrollHereY();
                m_scrollToSelected = false;
            }
            if (ImGui::IsItemHovered())
                ImGui::SetTooltip("%s%s%s", r.name.c_str(), unparsed ? "\nNot valid yet: " : "",
                                  unparsed ? unparsed->c_str() : "");
            ImGui::SameLine();
            if (m_selected == i) {
                ImGui::BeginDisabled(i == 0);
                if (ImGui::ArrowButton("##up", ImGuiDir_Up)) move = -static_cast<int>(i) - 1;
                ImGui::EndDisabled();
                if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
                    ImGui::SetTooltip("move up: evaluated earlier");
                ImGui::SameLine();
                ImGui::BeginDisabled(i + 1 == m_draft.size());
                if (ImGui::ArrowButton("##dn", ImGuiDir_Down)) move = static_cast<int>(i) + 1;
                ImGui::EndDisabled();
                if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
                    ImGui::SetTooltip("move down: evaluated later");
            } else {
                const bool autoMode = r.mode == model::RuleMode::Auto;
                ImGui::TextColored(autoMode ? theme::warn(state) : theme::dim(state), "%s",
                                   std::string(model::ruleModeName(r.mode)).c_str());
                if (r.stop) {
                    ImGui::SameLine();
                    ImGui::TextDisabled("stop");
                }
            }
            ImGui::PopID();
        }
        if (move) {
            const size_t i = static_cast<size_t>(std::abs(move) - 1);
            const size_t j = move < 0 ? i - 1 : i + 1;
            swapRules(i, j, state);
            m_selected = j;
        }
        if (m_draft.empty()) ImGui::TextDisabled("No rules yet.");
        if (ImGui::Button("New rule")) addRule(state);
        ImGui::SameLine();
        const model::Rule* unparsed = unparsedRule();
        ImGui::BeginDisabled(!m_dirty || unparsed);
        // "###": one ID whatever the label says.
        if (ImGui::Button(m_save.pending() ? "Saving...###save"
                          : m_dirty        ? "Save all *###save"
                                           : "Save all###save"))
            save(state);
        ImGui::EndDisabled();
        if (unparsed && ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
            ImGui::SetTooltip("Rule '%s' has text that is not valid yet: fix it, or Revert",
                              unparsed->name.c_str());
        ImGui::SameLine();
        ImGui::BeginDisabled(!m_dirty);
        if (ImGui::Button("Revert")) revert(state);
        ImGui::EndDisabled();
    }

    void drawRule(ConsoleState& state) {
        if (m_selected >= m_draft.size() || m_selected >= m_texts.size()) {
            ImGui::TextDisabled("Select a rule.");
            return;
        }
        auto& r = m_draft[m_selected];
        RuleText& text = m_texts[m_selected];
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
                m_texts.erase(m_texts.begin() + static_cast<long>(m_selected));
                m_selected = m_selected ? m_selected - 1 : 0;
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
        bool edited = editConditions(text.cond, state.mono, theme::error(state));
        if (state.mono) ImGui::PushFont(state.mono);
        ImGui::TextDisabled("action");
        edited |= ImGui::InputTextMultiline("##action", &text.action,
                                            ImVec2(-1, ImGui::GetTextLineHeight() * 5));
        if (state.mono) ImGui::PopFont();
        if (edited) {
            text.error = takeText(text, r);
            // Typed text is the operator's work, valid or not: a new snapshot must not replace it.
            m_dirty = true;
            if (text.error.empty()) changed(state);
        }
        if (!text.error.empty()) {
            ImGui::PushStyleColor(ImGuiCol_Text, theme::error(state));
            ImGui::TextWrapped("%s (kept while you look at other rules; Revert drops it)",
                               text.error.c_str());
            ImGui::PopStyleColor();
        }
    }

    // How many events the selected rule matched, and how many it would match but never reach
    // because an earlier rule matched them and stopped evaluation: "matches 0" alone read as if
    // its own conditions were wrong.
    void drawSelectedRuleReach(const ConsoleState& state, const engine::RulesPreviewed& p) {
        const char* name = m_draft[m_selected].name.c_str();
        const size_t matched = p.matchedPerRule[m_selected];
        const size_t notReached =
            m_selected < p.notReachedPerRule.size() ? p.notReachedPerRule[m_selected] : 0;
        if (notReached == 0) {
            ImGui::TextDisabled("'%s' matches %zu of them", name, matched);
            return;
        }
        ImGui::PushStyleColor(ImGuiCol_Text, theme::warn(state));
        ImGui::TextWrapped("'%s' matches %zu of them; %zu more it would match never reach it: "
                           "'%s' matches them first and stops evaluation",
                           name, matched, notReached, p.stoppedBy[m_selected].c_str());
        ImGui::PopStyleColor();
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
            drawSelectedRuleReach(state, p);
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
    bool m_scrollToSelected = false;  // a key changed the selection: bring it into view
    std::vector<RuleText> m_texts;  // one per rule of m_draft, in its order
    uint64_t m_seen = ~0ull, m_generation = 0;
    int64_t m_previewAt = 0;
    bool m_dirty = false, m_previewDue = false;
};

std::unique_ptr<View> makeRulesEditor() { return std::make_unique<RulesEditor>(); }

}  // namespace switchboard::ui
