#include "widgets/tail_input.hpp"

#include <imgui.h>
#include <imgui_stdlib.h>

namespace switchboard::ui {

namespace {
constexpr std::string_view kEllipsis = "...";  // the fonts' loaded ranges have no U+2026

bool continuationByte(char c) {
    return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
}
}  // namespace

size_t tailStart(std::string_view text, float width,
                 const std::function<float(std::string_view)>& measure) {
    if (measure(text) <= width) return 0;
    const float room = width - measure(kEllipsis);
    size_t start = 0;
    while (start < text.size() && measure(text.substr(start)) > room) {
        ++start;
        while (start < text.size() && continuationByte(text[start])) ++start;
    }
    return start;
}

bool tailInput(const char* label, std::string& text) {
    ImGuiStorage* storage = ImGui::GetStateStorage();
    ImGui::PushID(label);
    const ImGuiID editingKey = ImGui::GetID("editing");
    const ImGuiID clickedKey = ImGui::GetID("clicked at frame");
    ImGui::PopID();
    const ImGuiStyle& style = ImGui::GetStyle();
    const float width = ImGui::CalcItemWidth();
    const auto measure = [](std::string_view s) {
        return ImGui::CalcTextSize(s.data(), s.data() + s.size()).x;
    };
    const size_t start = tailStart(text, width - style.FramePadding.x * 2, measure);

    if (storage->GetBool(editingKey) || start == 0) {
        const int clickedAt = storage->GetInt(clickedKey, -100);
        // The click's frame asks for focus; the field is active from then until the operator
        // leaves it (Enter, Escape, a click elsewhere).
        if (clickedAt == ImGui::GetFrameCount() - 1) ImGui::SetKeyboardFocusHere();
        ImGui::SetNextItemWidth(width);
        const bool changed = ImGui::InputText(label, &text);
        if (!ImGui::IsItemActive() && ImGui::GetFrameCount() - clickedAt > 2)
            storage->SetBool(editingKey, false);
        return changed;
    }

    // Drawn like an input field, so that it reads as one and invites the click.
    const ImVec2 pos = ImGui::GetCursorScreenPos();
    const ImVec2 size(width, ImGui::GetFrameHeight());
    if (ImGui::InvisibleButton(label, size)) {
        storage->SetBool(editingKey, true);
        storage->SetInt(clickedKey, ImGui::GetFrameCount());
    }
    ImDrawList* draw = ImGui::GetWindowDrawList();
    const ImVec2 end(pos.x + size.x, pos.y + size.y);
    draw->AddRectFilled(
        pos, end,
        ImGui::GetColorU32(ImGui::IsItemHovered() ? ImGuiCol_FrameBgHovered : ImGuiCol_FrameBg),
        style.FrameRounding);
    const std::string shown = std::string(kEllipsis) + text.substr(start);
    draw->PushClipRect(pos, end, true);
    draw->AddText(ImVec2(pos.x + style.FramePadding.x, pos.y + style.FramePadding.y),
                  ImGui::GetColorU32(ImGuiCol_Text), shown.c_str());
    draw->PopClipRect();
    return false;
}

}  // namespace switchboard::ui
