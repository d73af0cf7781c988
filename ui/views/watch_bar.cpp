#include "views/watch_bar.hpp"

#include <imgui.h>
#include <imgui_stdlib.h>

#include "engine/event_filter.hpp"
#include "theme.hpp"

namespace switchboard::ui {

namespace {

constexpr const char* kNameDialog = "Watch##name";

// The part of a label ImGui shows (before "##").
float labelWidth(const std::string& label) {
    return ImGui::CalcTextSize(label.c_str(), nullptr, true).x +
           ImGui::GetStyle().FramePadding.x * 2;
}

// Starts the next button on this line when it fits, else on the next one.
void flow(float width, bool first) {
    if (first) return;
    ImGui::SameLine();
    if (ImGui::GetCursorPosX() + width > ImGui::GetWindowContentRegionMax().x) ImGui::NewLine();
}

}  // namespace

void WatchBar::draw(ConsoleState& state) {
    const int active = state.watches.find(state.feedFilter);
    const bool canSave = !state.feedFilter.empty() && filterParses(state.feedFilter) && active < 0;

    for (size_t i = 0; i < state.watches.size(); ++i)
        drawButton(state, i, static_cast<int>(i) == active);

    const std::string add = "+ Watch##add";
    flow(labelWidth(add), state.watches.size() == 0);
    ImGui::BeginDisabled(!canSave);
    if (ImGui::SmallButton(add.c_str())) state.saveWatch = true;
    ImGui::EndDisabled();
    if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) {
        ImGui::SetTooltip("%s", active >= 0 ? "This filter is already a watch."
                                : canSave ? "Keep this filter as a watch (Ctrl+S)."
                                : !state.feedFilter.empty() && !m_notWatchable.empty()
                                    ? ("Not a watch: " + m_notWatchable).c_str()
                                    : "Type a filter first, then keep it as a watch (Ctrl+S).");
    }
    if (state.saveWatch) {  // Ctrl+S
        state.saveWatch = false;
        if (canSave) {
            m_renaming = -1;
            m_name = state.feedFilter;
            m_openDialog = true;
        } else if (active >= 0) {  // already kept: name it again
            m_renaming = active;
            m_name = state.watches.watch(static_cast<size_t>(active)).name;
            m_openDialog = true;
        } else {
            state.focusFilter = true;  // nothing to keep yet: type a filter first
        }
    }
    drawNameDialog(state);
    m_confirm.draw(state);
}

bool WatchBar::filterParses(const std::string& filter) {
    if (filter != m_checkedFilter) {  // parsed once per change, not once per frame
        m_checkedFilter = filter;
        m_notWatchable = engine::whyNotWatchable(filter);
        m_filterParses = m_notWatchable.empty();
    }
    return m_filterParses;
}

void WatchBar::drawButton(ConsoleState& state, size_t i, bool active) {
    const engine::Watch& w = state.watches.watch(i);
    const engine::WatchTally& tally = state.watches.tally(i);
    std::string label = w.name;
    if (tally.unread > 0 && !active) label += "  " + std::to_string(tally.unread) + " new";
    // "###": the ID is the position alone, so that it holds while the count in the label moves
    // (a changing ID drops a click in progress and closes the button's menu).
    label += "###watch" + std::to_string(i);
    flow(labelWidth(label), i == 0);

    int colors = 0;
    if (active) {
        ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_ButtonActive));
        ++colors;
    }
    if (!tally.error.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, theme::error(state));
        ++colors;
    } else if (tally.unread > 0 && !active) {
        ImGui::PushStyleColor(ImGuiCol_Text, theme::warn(state));
        ++colors;
    }
    if (ImGui::SmallButton(label.c_str())) state.applyWatch(i);
    ImGui::PopStyleColor(colors);

    if (ImGui::IsItemHovered()) {
        ImGui::BeginTooltip();
        ImGui::TextUnformatted(w.filter.c_str());
        if (!tally.error.empty()) {
            ImGui::TextColored(theme::error(state), "%s", tally.error.c_str());
        } else {
            ImGui::TextDisabled("%llu held events match, %llu new since it was last shown",
                                static_cast<unsigned long long>(tally.matched),
                                static_cast<unsigned long long>(tally.unread));
        }
        if (i < 9)
            ImGui::TextDisabled("Alt+%zu shows it; right-click to rename, change or remove", i + 1);
        ImGui::EndTooltip();
    }
    drawMenu(state, i);
}

void WatchBar::drawMenu(ConsoleState& state, size_t i) {
    if (!ImGui::BeginPopupContextItem()) return;
    const engine::Watch& w = state.watches.watch(i);
    ImGui::TextDisabled("%s", w.name.c_str());
    ImGui::Separator();
    if (ImGui::MenuItem("Rename...")) {
        m_renaming = static_cast<int>(i);
        m_name = w.name;
        m_openDialog = true;
    }
    const bool filterFits = !state.feedFilter.empty() && state.watches.find(state.feedFilter) < 0 &&
                            filterParses(state.feedFilter);
    if (ImGui::MenuItem("Use the current filter", nullptr, false, filterFits)) {
        state.watches.setFilter(i, state.feedFilter);
        state.watchesEdited = true;
    }
    if (ImGui::MenuItem("Mark all read")) state.watches.markSeen(i);
    ImGui::Separator();
    if (ImGui::MenuItem("Remove...")) {
        const std::string name = w.name;
        m_confirm.ask("Remove the watch \"" + name + "\" (" + w.filter + ")?",
                      [name](ConsoleState& s) {
                          // Found again by name: the list may have changed while the dialog was
                          // open.
                          for (size_t k = 0; k < s.watches.size(); ++k)
                              if (s.watches.watch(k).name == name) {
                                  s.watches.remove(k);
                                  s.watchesEdited = true;
                                  break;
                              }
                      });
    }
    ImGui::EndPopup();
}

void WatchBar::drawNameDialog(ConsoleState& state) {
    if (m_openDialog) {
        ImGui::OpenPopup(kNameDialog);
        m_openDialog = false;
        m_focusName = true;
    }
    ImGui::SetNextWindowPos(ImGui::GetMainViewport()->GetCenter(), ImGuiCond_Appearing,
                            ImVec2(0.5f, 0.5f));
    if (!ImGui::BeginPopupModal(kNameDialog, nullptr, ImGuiWindowFlags_AlwaysAutoResize)) return;
    const bool renaming = m_renaming >= 0 && static_cast<size_t>(m_renaming) < state.watches.size();
    if (renaming) {
        ImGui::TextUnformatted("Rename the watch");
    } else {
        ImGui::TextUnformatted("Keep the feed's filter as a watch");
        ImGui::TextDisabled("%s", state.feedFilter.c_str());
    }
    if (m_focusName) {
        ImGui::SetKeyboardFocusHere();
        m_focusName = false;
    }
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 24);
    const bool enter = ImGui::InputTextWithHint(
        "##watchname", "name", &m_name,
        ImGuiInputTextFlags_EnterReturnsTrue | ImGuiInputTextFlags_AutoSelectAll);
    std::string problem;
    if (m_name.empty()) problem = "A watch needs a name.";
    for (size_t k = 0; k < state.watches.size() && problem.empty(); ++k)
        if (state.watches.watch(k).name == m_name && static_cast<int>(k) != m_renaming)
            problem = "Another watch has this name.";
    if (!problem.empty()) ImGui::TextColored(theme::dim(state), "%s", problem.c_str());

    ImGui::BeginDisabled(!problem.empty());
    const bool save = ImGui::Button(renaming ? "Rename" : "Save") || (enter && problem.empty());
    ImGui::EndDisabled();
    if (save && problem.empty()) {
        if (renaming)
            state.watches.rename(static_cast<size_t>(m_renaming), m_name);
        else
            state.watches.add(m_name, state.feedFilter);
        state.watches.update(state.model);  // what it matches now is seen before it is saved
        state.watchesEdited = true;
        ImGui::CloseCurrentPopup();
    }
    ImGui::SameLine();
    if (ImGui::Button("Cancel") || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape)))
        ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
}

}  // namespace switchboard::ui
