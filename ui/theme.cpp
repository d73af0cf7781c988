#include "theme.hpp"

#include <algorithm>
#include <cctype>
#include <string>

namespace switchboard::ui::theme {

namespace {
float g_scale = 1.0f;  // the UI thread's, as is ImGui's style
}  // namespace

float px(float logical) {
    return logical * g_scale;
}

void apply(bool light, float scale) {
    g_scale = scale;
    ImGuiStyle style;
    if (light) {
        ImGui::StyleColorsLight(&style);
        style.Colors[ImGuiCol_WindowBg] = ImVec4(0.97f, 0.97f, 0.96f, 1.0f);
        style.Colors[ImGuiCol_ChildBg] = ImVec4(0, 0, 0, 0);
        style.Colors[ImGuiCol_TableRowBgAlt] = ImVec4(0.0f, 0.0f, 0.0f, 0.035f);
    } else {
        ImGui::StyleColorsDark(&style);
        style.Colors[ImGuiCol_WindowBg] = ImVec4(0.10f, 0.11f, 0.12f, 1.0f);
        style.Colors[ImGuiCol_MenuBarBg] = ImVec4(0.13f, 0.14f, 0.16f, 1.0f);
        style.Colors[ImGuiCol_TableRowBgAlt] = ImVec4(1.0f, 1.0f, 1.0f, 0.03f);
    }
    // ImGui's own colours draw a hovered row (alpha 0.80) far brighter than the selected one
    // (0.31): in the feed and the Runs table the row under the pointer looked like the selection.
    // The selection is now the stronger of the two; a click still flashes brighter.
    const ImVec4 accent = style.Colors[ImGuiCol_Header];
    auto withAlpha = [&accent](float alpha) { return ImVec4(accent.x, accent.y, accent.z, alpha); };
    style.Colors[ImGuiCol_Header] = withAlpha(light ? 0.42f : 0.50f);
    style.Colors[ImGuiCol_HeaderHovered] = withAlpha(light ? 0.20f : 0.24f);
    style.Colors[ImGuiCol_HeaderActive] = withAlpha(light ? 0.55f : 0.65f);
    style.WindowRounding = 0.0f;
    style.FrameRounding = 3.0f;
    style.TabRounding = 3.0f;
    style.GrabRounding = 3.0f;
    style.WindowBorderSize = 0.0f;
    style.FramePadding = ImVec2(6, 4);
    style.ItemSpacing = ImVec2(8, 5);
    style.CellPadding = ImVec2(6, 2);
    style.ScaleAllSizes(scale);
    ImGui::GetStyle() = style;
}

namespace {
ImVec4 pick(const ConsoleState& s, ImVec4 dark, ImVec4 light) { return s.lightTheme ? light : dark; }

std::string lower(std::string_view w) {
    std::string out(w);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}
}  // namespace

ImVec4 ok(const ConsoleState& s) { return pick(s, {0.45f, 0.85f, 0.50f, 1}, {0.05f, 0.50f, 0.15f, 1}); }
ImVec4 error(bool light) { return light ? ImVec4(0.75f, 0.10f, 0.08f, 1) : ImVec4(1.0f, 0.45f, 0.42f, 1); }
ImVec4 error(const ConsoleState& s) { return error(s.lightTheme); }
ImVec4 warn(const ConsoleState& s) { return pick(s, {0.98f, 0.78f, 0.35f, 1}, {0.62f, 0.42f, 0.0f, 1}); }
ImVec4 dim(const ConsoleState& s) { return pick(s, {0.60f, 0.62f, 0.65f, 1}, {0.42f, 0.43f, 0.46f, 1}); }

ImVec4 kindColor(const ConsoleState& s, int kind, bool quarantined) {
    if (quarantined) return error(s);
    switch (kind) {
    case 0: return pick(s, {0.55f, 0.75f, 1.0f, 1}, {0.10f, 0.35f, 0.75f, 1});   // compose
    case 1: return pick(s, {0.80f, 0.62f, 1.0f, 1}, {0.45f, 0.20f, 0.70f, 1});   // module
    case 2: return pick(s, {0.45f, 0.85f, 0.80f, 1}, {0.0f, 0.45f, 0.42f, 1});   // package
    case 3: return pick(s, {1.0f, 0.70f, 0.45f, 1}, {0.70f, 0.35f, 0.0f, 1});    // checkout
    default: return dim(s);
    }
}

ImVec4 stateColor(const ConsoleState& s, std::string_view word) {
    const std::string w = lower(word);
    static const char* kGood[] = {"finished", "ready", "complete", "passed", "success", "tagged",
                                  "done", "build_setups_finished", "up"};
    static const char* kBad[] = {"failed", "failure", "error", "doomed", "aborted", "down",
                                 "canceled", "cancelled"};
    static const char* kBusy[] = {"running", "queued", "building", "wait", "init", "started",
                                  "backoff", "incomplete", "finished_incomplete"};
    for (const char* g : kBad)
        if (w.find(g) != std::string::npos) return error(s);
    for (const char* g : kBusy)
        if (w == g) return warn(s);
    for (const char* g : kGood)
        if (w == g) return ok(s);
    return ImGui::GetStyle().Colors[ImGuiCol_Text];
}

}  // namespace switchboard::ui::theme
