#include "views/view.hpp"

#include <imgui.h>

#include <algorithm>

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

int upDownStep() {
    const auto pressed = [](ImGuiKey_ key, char letter) {
        return ImGui::IsKeyPressed(ImGui::GetKeyIndex(key)) || ImGui::IsKeyPressed(letter);
    };
    if (pressed(ImGuiKey_UpArrow, 'K')) return -1;
    if (pressed(ImGuiKey_DownArrow, 'J')) return 1;
    return 0;
}

bool pointerAimingHere() {
    constexpr double kAimSeconds = 1.5;
    // Shared by every table: the pointer is one, whichever window asks.
    static double lastMoved = -1e9;
    const ImGuiIO& io = ImGui::GetIO();
    if (io.MouseDelta.x != 0 || io.MouseDelta.y != 0 || ImGui::IsAnyMouseDown())
        lastMoved = ImGui::GetTime();
    return ImGui::GetTime() - lastMoved < kAimSeconds &&
           ImGui::IsWindowHovered(ImGuiHoveredFlags_AllowWhenBlockedByActiveItem);
}

void drawOutcome(ConsoleState& state, const std::string& origin) {
    // Always exactly one line, empty when there is nothing to say: a line that appeared (or grew
    // by wrapping) when a command finished would push what is below it down under the pointer,
    // and the click aimed at one row would land on the next.
    auto it = state.outcomes.find(origin);
    if (it == state.outcomes.end() || it->second.message.empty()) {
        ImGui::TextUnformatted("");
        return;
    }
    const std::string& message = it->second.message;
    const size_t firstLine = std::min(message.find('\n'), message.size());
    const char* end = message.c_str() + firstLine;
    const float avail = ImGui::GetContentRegionAvail().x;
    const bool cut =
        firstLine < message.size() || ImGui::CalcTextSize(message.c_str(), end).x > avail;
    if (cut) {
        // The part that fits before "...", cut where a glyph ends; the whole is a hover away.
        const float room = std::max(avail - ImGui::CalcTextSize("...").x, 0.0f);
        ImGui::GetFont()->CalcTextSizeA(ImGui::GetFontSize(), room, 0.0f, message.c_str(), end,
                                        &end);
    }
    ImGui::PushStyleColor(ImGuiCol_Text, it->second.ok ? theme::ok(state) : theme::error(state));
    ImGui::Text("%.*s%s", static_cast<int>(end - message.c_str()), message.c_str(),
                cut ? "..." : "");
    ImGui::PopStyleColor();
    if (cut && ImGui::IsItemHovered()) wrappedTooltip(message);
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
