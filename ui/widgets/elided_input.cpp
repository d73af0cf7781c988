#include "widgets/elided_input.hpp"

#include <algorithm>

#include <imgui.h>
#include <imgui_stdlib.h>

namespace switchboard::ui {

namespace {
constexpr std::string_view kEllipsis = "...";  // the fonts' loaded ranges have no U+2026

bool continuationByte(char c) {
    return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
}


// The width of each character of `text` summed from the end (fromEnd) or from the start, until
// the sum passes `room`: where that happens, as a byte index on a character boundary. Measured
// once per character, so a long name costs a pass, not a pass per character (ImGui 1.86 draws
// without kerning, so widths add up).
size_t cutWhereWidthPasses(std::string_view text, float room, bool fromEnd,
                           const MeasureText& measure) {
    float used = 0;
    if (fromEnd) {
        size_t start = text.size();
        while (start > 0) {
            size_t begin = start - 1;
            while (begin > 0 && continuationByte(text[begin])) --begin;
            used += measure(text.substr(begin, start - begin));
            if (used > room) return start;
            start = begin;
        }
        return 0;
    }
    size_t end = 0;
    while (end < text.size()) {
        size_t next = end + 1;
        while (next < text.size() && continuationByte(text[next])) ++next;
        used += measure(text.substr(end, next - end));
        if (used > room) return end;
        end = next;
    }
    return text.size();
}
}  // namespace

size_t tailStart(std::string_view text, float width, const MeasureText& measure) {
    if (measure(text) <= width) return 0;
    return cutWhereWidthPasses(text, width - measure(kEllipsis), true, measure);
}

size_t sharedNamePrefix(const std::vector<std::string>& names) {
    // An empty name (a row just added) has nothing to tell apart; it does not end the sharing.
    std::vector<std::string_view> named;
    for (const auto& name : names)
        if (!name.empty()) named.emplace_back(name);
    if (named.size() < 2) return 0;
    size_t shortest = named[0].size();
    size_t shared = named[0].size();
    for (std::string_view name : named) {
        shortest = std::min(shortest, name.size());
        const auto [mine, theirs] = std::mismatch(named[0].begin(), named[0].begin() + shared,
                                                  name.begin(), name.end());
        shared = static_cast<size_t>(mine - named[0].begin());
    }
    // Every name keeps at least one byte after the cut, so none is shown as bare dots.
    size_t cut = std::min(shared, shortest - 1);
    while (cut > 0 && std::string_view("-_/:").find(named[0][cut - 1]) == std::string_view::npos)
        --cut;
    return cut;
}

ShownSpan shownSpan(std::string_view text, size_t sharedPrefix, float width,
                    const MeasureText& measure) {
    if (measure(text) <= width) return {0, text.size()};
    if (sharedPrefix == 0 || sharedPrefix >= text.size())
        return {tailStart(text, width, measure), text.size()};
    const float dots = measure(kEllipsis);
    const std::string_view rest = text.substr(sharedPrefix);
    if (dots + measure(rest) <= width) return {sharedPrefix, text.size()};
    // Even the part after the shared prefix is too long: keep its start, where the names differ.
    return {sharedPrefix, sharedPrefix + cutWhereWidthPasses(rest, width - 2 * dots, false, measure)};
}

std::string shownText(std::string_view text, const ShownSpan& span) {
    std::string shown = span.begin > 0 ? std::string(kEllipsis) : std::string();
    shown.append(text.substr(span.begin, span.end - span.begin));
    if (span.end < text.size()) shown.append(kEllipsis);
    return shown;
}

bool elidedInput(const char* label, std::string& text, size_t sharedPrefix) {
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
    const ShownSpan span = shownSpan(text, sharedPrefix, width - style.FramePadding.x * 2, measure);
    const bool whole = span.begin == 0 && span.end == text.size();

    if (storage->GetBool(editingKey) || whole) {
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
    const std::string shown = shownText(text, span);
    draw->PushClipRect(pos, end, true);
    draw->AddText(ImVec2(pos.x + style.FramePadding.x, pos.y + style.FramePadding.y),
                  ImGui::GetColorU32(ImGuiCol_Text), shown.c_str());
    draw->PopClipRect();
    return false;
}

}  // namespace switchboard::ui
