#include "views/chrome.hpp"

#include <imgui.h>

#include <algorithm>
#include <iterator>

#include "text_size.hpp"
#include "theme.hpp"
#include "views/event_detail_view.hpp"

namespace switchboard::ui {

namespace {
struct Shortcut {
    const char* keys;
    const char* what;
};
constexpr Shortcut kShortcuts[] = {
    {"Ctrl+F", "filter the feed"},
    {"Up / Down, k / j", "move through the feed; in Rules, select a rule"},
    {"Alt+Up / Alt+Down, Alt+k / Alt+j", "in Rules: move the selected rule earlier / later"},
    {"Home / End", "oldest / newest row (End follows new events)"},
    {"Enter", "open the selected event"},
    {"Right-click a row", "copy its subject, or filter by its subject, kind or state"},
    {"Space", "pause / follow the feed"},
    {"D", "pin the open event for a diff; when one is pinned, unpin it (Shift+click pins a row)"},
    {"F", "fire a job for the open event (Enter in the job field fires)"},
    {"Ctrl+S", "keep the feed's filter as a watch"},
    {"Alt+1 .. Alt+9", "show a watch (its new events count as read)"},
    {"Esc", "leave the filter field, close a dialog"},
    {"Ctrl+1 .. Ctrl+8", "show a view"},
    {"Ctrl+= / Ctrl+- / Ctrl+0", "larger / smaller / normal text"},
    {"F1", "this list"},
    {"Ctrl+Q", "quit"},
};
// The feed filter's language (engine/event_filter.hpp), shown beside the keys so that nobody has to
// guess it. All terms must hold.
constexpr Shortcut kFilterTerms[] = {
    {"nginx \"two words\"", "a part of subject, event, state, topic, product, component or source"},
    {"kind:module", "compose, module, package, checkout or other"},
    {"state:ready  product:RHEL", "exactly this value (also event, version, component, source)"},
    {"subject:RHEL-9*  topic:*pungi*", "a glob (* ? [abc]), case-sensitive"},
    {"arch:s390x  tag:f41", "one element of the list"},
    {"since:2h  until:14:00",
     "received: an age (30m 2h 3d 1w; it moves with the clock), 2026-12-05, 2026-12-05T14:00 or a "
     "time today (local time)"},
    {"is:quarantined", "lines that could not be parsed"},
    {"contains:1234567",
     "in the message itself: its body or headers as received, case-sensitive (searched in the "
     "database; not for watches)"},
    {"-kind:other", "a leading - negates a term"},
};

void shortcutTable(const char* id, const Shortcut* rows, size_t count) {
    if (!ImGui::BeginTable(id, 2, ImGuiTableFlags_RowBg)) return;
    for (size_t i = 0; i < count; ++i) {
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(rows[i].keys);
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(rows[i].what);
    }
    ImGui::EndTable();
}
}  // namespace

bool Chrome::drawMenu(ConsoleState& state, std::vector<std::unique_ptr<View>>& views) {
    bool quit = false;
    if (!ImGui::BeginMainMenuBar()) return false;
    if (ImGui::BeginMenu("File")) {
        ImGui::TextDisabled("Database: %s", state.dbPath.c_str());
        ImGui::Separator();
        if (ImGui::MenuItem("Quit", "Ctrl+Q")) quit = true;
        ImGui::EndMenu();
    }
    if (ImGui::BeginMenu("View")) {
        int n = 1;
        for (auto& view : views) {
            const std::string keys = "Ctrl+" + std::to_string(n++);
            if (ImGui::MenuItem(view->title().c_str(), keys.c_str()))
                state.selectView = view->name();
        }
        ImGui::Separator();
        if (ImGui::MenuItem("Light theme", nullptr, state.lightTheme))
            state.lightTheme = !state.lightTheme;
        if (ImGui::MenuItem("Larger text", "Ctrl+=", false, state.textSize < kMaxTextSize))
            state.textSize = steppedTextSize(state.textSize, 1);
        if (ImGui::MenuItem("Smaller text", "Ctrl+-", false, state.textSize > kMinTextSize))
            state.textSize = steppedTextSize(state.textSize, -1);
        if (ImGui::MenuItem("Normal text size", "Ctrl+0", false, state.textSize != 1.0f))
            state.textSize = steppedTextSize(state.textSize, 0);
        if (ImGui::MenuItem("Pause feed", "Space", state.paused)) state.paused = !state.paused;
        ImGui::EndMenu();
    }
    if (ImGui::BeginMenu("Help")) {
        if (ImGui::MenuItem("Keyboard shortcuts", "F1")) state.showShortcuts = true;
        ImGui::EndMenu();
    }
    ImGui::EndMainMenuBar();
    return quit;
}

void Chrome::drawShortcuts(ConsoleState& state) {
    if (state.showShortcuts) {
        ImGui::OpenPopup("Keyboard shortcuts");
        state.showShortcuts = false;
    }
    ImGui::SetNextWindowPos(ImGui::GetMainViewport()->GetCenter(), ImGuiCond_Appearing,
                            ImVec2(0.5f, 0.5f));
    if (ImGui::BeginPopupModal("Keyboard shortcuts", nullptr, ImGuiWindowFlags_AlwaysAutoResize)) {
        shortcutTable("keys", kShortcuts, std::size(kShortcuts));
        ImGui::Spacing();
        ImGui::Separator();
        ImGui::TextDisabled("Feed filter terms (all must hold)");
        shortcutTable("terms", kFilterTerms, std::size(kFilterTerms));
        if (ImGui::Button("Close") || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape)))
            ImGui::CloseCurrentPopup();
        ImGui::EndPopup();
    }
}

bool Chrome::draw(ConsoleState& state, std::vector<std::unique_ptr<View>>& views) {
    ImGuiIO& io = ImGui::GetIO();
    // Watches count whichever view is in front: the window title shows their new events.
    state.watches.update(state.model);
    bool quit = drawMenu(state, views);
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    // Two lines: the counters, then rate charts tall enough for their overlay text and a shape.
    const float statusH = ImGui::GetFrameHeight() * 3.8f;
    ImGui::SetNextWindowPos(vp->WorkPos);
    ImGui::SetNextWindowSize(ImVec2(vp->WorkSize.x, vp->WorkSize.y - statusH));
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(theme::px(6), theme::px(6)));
    ImGui::Begin("##host", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                     ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoSavedSettings);
    ImGui::PopStyleVar();
    const float full = ImGui::GetContentRegionAvail().x;
    const float splitterW = theme::px(6);
    const float leftW = std::floor(full * m_split);

    View* feed = nullptr;
    ImGui::BeginChild("##left", ImVec2(leftW, 0), false);
    if (ImGui::BeginTabBar("left")) {
        for (auto& v : views)
            if (v->pane() == Pane::Left) {
                if (v->draw(state, state.selectView == v->name())) feed = v.get();
            }
        ImGui::EndTabBar();
    }
    ImGui::EndChild();
    ImGui::SameLine(0, 0);
    ImGui::InvisibleButton("##split", ImVec2(splitterW, ImGui::GetContentRegionAvail().y));
    if (ImGui::IsItemHovered() || ImGui::IsItemActive())
        ImGui::SetMouseCursor(ImGuiMouseCursor_ResizeEW);
    if (ImGui::IsItemActive()) m_split = std::clamp(m_split + io.MouseDelta.x / full, 0.25f, 0.8f);
    ImGui::SameLine(0, 0);
    ImGui::BeginChild("##right", ImVec2(0, 0), false);
    m_rightHasFocus = ImGui::IsWindowFocused(ImGuiFocusedFlags_ChildWindows);
    if (ImGui::BeginTabBar("right")) {
        for (auto& v : views)
            if (v->pane() == Pane::Right) {
                if (v->draw(state, state.selectView == v->name())) m_frontRight = v.get();
            }
        ImGui::EndTabBar();
    }
    ImGui::EndChild();
    ImGui::End();
    state.selectView.clear();

    ImGui::SetNextWindowPos(ImVec2(vp->WorkPos.x, vp->WorkPos.y + vp->WorkSize.y - statusH));
    ImGui::SetNextWindowSize(ImVec2(vp->WorkSize.x, statusH));
    ImGui::Begin("##status", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                     ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoFocusOnAppearing);
    drawStatusBar(state, statusH);
    ImGui::End();
    drawShortcuts(state);

    // Global keys first; the rest go to the front view of the pane that has the keyboard (the
    // feed unless a right-pane view was clicked), never while a text field or a dialog has it.
    if (io.KeyCtrl && ImGui::IsKeyPressed('Q')) quit = true;
    if (io.KeyCtrl && ImGui::IsKeyPressed('F')) {
        state.selectView = "feed";
        state.focusFilter = true;
    }
    for (int i = 0; i < static_cast<int>(views.size()) && i < 9; ++i)
        if (io.KeyCtrl && ImGui::IsKeyPressed('1' + i)) state.selectView = views[i]->name();
    // Text size, even from a text field (which has no use for Ctrl with these keys). The keys
    // are GLFW's: '=' and '-' where they are on a US layout, and the keypad's + and -.
    constexpr int kKeypadAdd = 334, kKeypadSubtract = 333;  // GLFW_KEY_KP_ADD, _KP_SUBTRACT
    if (io.KeyCtrl && (ImGui::IsKeyPressed('=') || ImGui::IsKeyPressed(kKeypadAdd)))
        state.textSize = steppedTextSize(state.textSize, 1);
    if (io.KeyCtrl && (ImGui::IsKeyPressed('-') || ImGui::IsKeyPressed(kKeypadSubtract)))
        state.textSize = steppedTextSize(state.textSize, -1);
    if (io.KeyCtrl && ImGui::IsKeyPressed('0')) state.textSize = steppedTextSize(state.textSize, 0);
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape)) && io.WantTextInput)
        ImGui::SetWindowFocus(nullptr);
    const bool popup =
        ImGui::IsPopupOpen("", ImGuiPopupFlags_AnyPopupId | ImGuiPopupFlags_AnyPopupLevel);
    // Even from a text field: the filter's placeholder offers F1 while the reader types in it.
    if (ImGui::IsKeyPressed(0x122 /* GLFW_KEY_F1 */) && !popup) state.showShortcuts = true;
    // Not under a dialog: a second Ctrl+S would start the name dialog over.
    if (io.KeyCtrl && ImGui::IsKeyPressed('S') && !popup) {
        state.selectView = "feed";
        state.saveWatch = true;
    }
    if (io.KeyAlt && !io.KeyCtrl && !io.WantTextInput && !popup)
        for (int i = 0; i < 9; ++i)
            if (ImGui::IsKeyPressed('1' + i)) state.applyWatch(static_cast<size_t>(i));
    if (!io.WantTextInput && !popup && !io.KeyCtrl) {
        // Space pauses the feed only when the feed is the left pane's front tab.
        if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Space)) && !m_rightHasFocus && feed &&
            feed->name() == "feed")
            state.paused = !state.paused;
        if (ImGui::IsKeyPressed('F') && state.selectedEvent) {
            state.selectView = "detail";
            state.focusFire = true;
        }
        // Here rather than in the feed: the diff header that says "D" is in the detail pane,
        // and D must do there what it says.
        if (ImGui::IsKeyPressed('D') && (state.selectedEvent || state.compareEvent)) {
            state.setCompare(pinAfterD(state.compareEvent, state.selectedEvent));
            state.selectView = "detail";
        }
        View* target = m_rightHasFocus ? m_frontRight : feed;
        if (target) target->onKeys(state);
    }
    return quit;
}

}  // namespace switchboard::ui
