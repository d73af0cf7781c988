// Audit: every edit to lists, rules, backends and connections, newest first: who, what, which
// target, and what changed in a line (the leaves that differ); the whole before and after on
// hover. UI thread only.
#include <imgui.h>
#include <imgui_stdlib.h>

#include <unordered_map>

#include "format.hpp"
#include "engine/audit_change.hpp"
#include "views/audit_filter.hpp"
#include "views/view.hpp"

namespace switchboard::ui {

class AuditView : public View {
public:
    AuditView() : View("audit", "Audit", Pane::Left) {}

protected:
    void drawContent(ConsoleState& state) override {
        ImGui::SetNextItemWidth(-1);
        ImGui::InputTextWithHint("##auditfilter", "filter by who, what, target or change (every word)",
                                 &m_filter);
        const auto& rows = state.model.audit;
        if (rows.empty()) ImGui::TextDisabled("No edits recorded yet.");
        if (!ImGui::BeginTable("audit", 5, ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY |
                                               ImGuiTableFlags_Resizable | ImGuiTableFlags_BordersV |
                                               ImGuiTableFlags_SizingFixedFit))
            return;
        ImGui::TableSetupScrollFreeze(0, 1);
        ImGui::TableSetupColumn("When");
        ImGui::TableSetupColumn("Who");
        ImGui::TableSetupColumn("What");
        // A long rule name must not take the change's room: the two share what is left.
        ImGui::TableSetupColumn("Target", ImGuiTableColumnFlags_WidthStretch, 1.0f);
        ImGui::TableSetupColumn("Change", ImGuiTableColumnFlags_WidthStretch, 1.6f);
        ImGui::TableHeadersRow();
        for (const auto& r : rows) {
            const std::string& change = changeOf(r);
            if (!auditMatches(r, change, m_filter)) continue;
            ImGui::PushID(static_cast<int>(r.id));
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(dateTime(r.at).c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(r.who.c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(r.what.c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(r.target.c_str());
            if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", r.target.c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(change.c_str());
            if (ImGui::IsItemHovered())
                wrappedTooltip(change + "\n\nbefore: " + r.before + "\n\nafter: " + r.after);
            ImGui::PopID();
        }
        ImGui::EndTable();
    }

private:
    // An entry never changes once written: its line is worked out (a parse and a diff) once.
    const std::string& changeOf(const engine::AuditEntry& entry) {
        auto found = m_changes.find(entry.id);
        if (found != m_changes.end()) return found->second;
        if (m_changes.size() > 100000) m_changes.clear();
        return m_changes.emplace(entry.id, engine::auditChangeOfText(entry.before, entry.after)).first->second;
    }

    std::string m_filter;
    std::unordered_map<int64_t, std::string> m_changes;  // by audit id
};

std::unique_ptr<View> makeAuditView() { return std::make_unique<AuditView>(); }

}  // namespace switchboard::ui
