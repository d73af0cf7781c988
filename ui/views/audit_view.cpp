// Audit: every edit to lists, rules, backends and connections, newest first, with before/after.
// UI thread only.
#include <imgui.h>
#include <imgui_stdlib.h>

#include "format.hpp"
#include "views/view.hpp"

namespace switchboard::ui {

class AuditView : public View {
public:
    AuditView() : View("audit", "Audit", Pane::Left) {}

protected:
    void drawContent(ConsoleState& state) override {
        ImGui::SetNextItemWidth(-1);
        ImGui::InputTextWithHint("##auditfilter", "filter by who, what or target", &m_filter);
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
        ImGui::TableSetupColumn("Target");
        ImGui::TableSetupColumn("Change", ImGuiTableColumnFlags_WidthStretch);
        ImGui::TableHeadersRow();
        for (const auto& r : rows) {
            if (!m_filter.empty() && (r.who + " " + r.what + " " + r.target).find(m_filter) == std::string::npos)
                continue;
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
            ImGui::TableNextColumn();
            const std::string summary = (r.before == "null" ? "" : "before " + r.before.substr(0, 60) + "  ") +
                                        (r.after == "null" ? "removed" : "after " + r.after.substr(0, 80));
            ImGui::TextUnformatted(summary.c_str());
            if (ImGui::IsItemHovered()) {
                ImGui::BeginTooltip();
                ImGui::PushTextWrapPos(ImGui::GetFontSize() * 40);
                ImGui::Text("before: %s\n\nafter: %s", r.before.c_str(), r.after.c_str());
                ImGui::PopTextWrapPos();
                ImGui::EndTooltip();
            }
            ImGui::PopID();
        }
        ImGui::EndTable();
    }

private:
    std::string m_filter;
};

std::unique_ptr<View> makeAuditView() { return std::make_unique<AuditView>(); }

}  // namespace switchboard::ui
