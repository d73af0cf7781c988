#include "views/view.hpp"

#include <imgui.h>

#include "theme.hpp"

namespace switchboard::ui {

bool View::draw(ConsoleState& state, bool select) {
    if (!ImGui::BeginTabItem(m_title.c_str(), nullptr, select ? ImGuiTabItemFlags_SetSelected : 0))
        return false;
    ImGui::BeginChild(("##" + m_name).c_str(), ImVec2(0, 0), false);
    drawContent(state);
    ImGui::EndChild();
    ImGui::EndTabItem();
    return true;
}

void drawOutcome(ConsoleState& state, const std::string& origin) {
    auto it = state.outcomes.find(origin);
    if (it == state.outcomes.end()) return;
    ImGui::PushStyleColor(ImGuiCol_Text, it->second.ok ? theme::ok(state) : theme::error(state));
    ImGui::TextWrapped("%s", it->second.message.c_str());
    ImGui::PopStyleColor();
}

void drawConfigError(ConsoleState& state) {
    const std::string& error = state.model.config.error;
    if (error.empty()) return;
    ImGui::PushStyleColor(ImGuiCol_Text, theme::error(state));
    ImGui::TextWrapped("Cannot read the configuration (%s); showing it as last read.",
                       error.c_str());
    ImGui::PopStyleColor();
}

void wrappedTooltip(const std::string& text) {
    ImGui::BeginTooltip();
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 40);
    ImGui::TextUnformatted(text.c_str());
    ImGui::PopTextWrapPos();
    ImGui::EndTooltip();
}

void fieldRow(const char* name, const std::string& value) {
    ImGui::TableNextColumn();
    ImGui::TextDisabled("%s", name);
    ImGui::TableNextColumn();
    ImGui::TextWrapped("%s", value.c_str());
}

}  // namespace switchboard::ui
