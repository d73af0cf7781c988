#include "widgets/confirm_dialog.hpp"

#include <imgui.h>

namespace switchboard::ui {

void ConfirmDialog::draw(ConsoleState& state) {
    if (!m_question.empty() && !ImGui::IsPopupOpen(m_id.c_str())) ImGui::OpenPopup(m_id.c_str());
    if (!ImGui::BeginPopupModal(m_id.c_str(), nullptr, ImGuiWindowFlags_AlwaysAutoResize)) return;
    ImGui::TextUnformatted(m_question.c_str());
    if (ImGui::Button(m_button.c_str())) {
        m_action(state);
        m_question.clear();
        ImGui::CloseCurrentPopup();
    }
    ImGui::SameLine();
    if (ImGui::Button("Cancel") || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape))) {
        m_question.clear();
        ImGui::CloseCurrentPopup();
    }
    ImGui::EndPopup();
}

}  // namespace switchboard::ui
