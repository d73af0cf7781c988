// The status bar: msg/s, stored, quarantined, DB size, running jobs, and the arrival rate by kind
// over the last two minutes. UI thread only.
#include <imgui.h>

#include "format.hpp"
#include "model/event.hpp"
#include "theme.hpp"
#include "views/chrome.hpp"
#include "views/view.hpp"

namespace switchboard::ui {

namespace {

// Messages waiting on the brokers of the connections that can tell (AMQP, a replay), and a
// tooltip with each connection's figure. Nothing is shown when none can.
void drawBacklog(const ConsoleState& state) {
    uint64_t waiting = 0;
    bool known = false;
    for (const auto& c : state.connections) {
        if (c.status.backlog < 0) continue;
        waiting += static_cast<uint64_t>(c.status.backlog);
        known = true;
    }
    if (!known) return;
    ImGui::SameLine(0, theme::px(18));
    ImGui::TextColored(waiting ? theme::warn(state) : theme::dim(state), "backlog %s", grouped(waiting).c_str());
    if (!ImGui::IsItemHovered()) return;
    std::string lines = "Messages waiting on the broker, by connection:";
    for (const auto& c : state.connections) {
        lines += "\n  " + c.status.name + ": ";
        lines += c.status.backlog < 0 ? "cannot tell" : grouped(static_cast<uint64_t>(c.status.backlog));
    }
    ImGui::SetTooltip("%s", lines.c_str());
}

// The settings that could not be written, and the settings file that could not be read at start
// (told until the operator has seen it: a click hides it).
void drawSettingsTrouble(ConsoleState& state) {
    if (!state.settingsError.empty()) {
        ImGui::SameLine(0, theme::px(18));
        ImGui::TextColored(theme::error(state), "SETTINGS NOT SAVED");
        if (ImGui::IsItemHovered())
            wrappedTooltip(state.settingsError +
                           "\nThe console tries again at the next change and at exit.");
    }
    if (state.settingsNotice.empty()) return;
    ImGui::SameLine(0, theme::px(18));
    ImGui::TextColored(theme::warn(state), "SETTINGS FILE NOT READ");
    if (!ImGui::IsItemHovered()) return;
    ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
    wrappedTooltip(state.settingsNotice + "\n(click to hide)");
    if (ImGui::IsItemClicked()) state.settingsNotice.clear();
}

}  // namespace

void drawStatusBar(ConsoleState& state, float height) {
    const auto& m = state.model;
    const auto& s = m.stats;
    ImGui::Text("%.1f msg/s", m.ratePerSecond());
    ImGui::SameLine(0, theme::px(18));
    ImGui::Text("stored %lld", static_cast<long long>(s.events));
    ImGui::SameLine(0, theme::px(18));
    ImGui::TextColored(s.quarantined ? theme::warn(state) : theme::dim(state), "quarantined %lld",
                       static_cast<long long>(s.quarantined));
    // A click shows them in the feed, where each opens with its reason and bytes.
    if (s.quarantined && ImGui::IsItemHovered()) {
        ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
        ImGui::SetTooltip("Show them in the feed (is:quarantined); open one for its reason and bytes");
        if (ImGui::IsItemClicked()) {
            state.feedFilter = "is:quarantined";
            state.selectView = "feed";
        }
    }
    drawBacklog(state);
    ImGui::SameLine(0, theme::px(18));
    ImGui::Text("DB %s", bytes(s.dbBytes).c_str());
    ImGui::SameLine(0, theme::px(18));
    ImGui::TextColored(s.runningRuns ? theme::warn(state) : theme::dim(state), "jobs running %lld",
                       static_cast<long long>(s.runningRuns));
    ImGui::SameLine(0, theme::px(18));
    ImGui::TextDisabled("held %zu rows, %s", m.rowCount(), bytes(static_cast<int64_t>(m.bytesHeld())).c_str());
    // Seen whichever view is open; the configuration views say it too.
    if (!m.config.error.empty()) {
        ImGui::SameLine(0, theme::px(18));
        ImGui::TextColored(theme::error(state), "CONFIG NOT READ");
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip(
                "Cannot read the configuration: %s\nLists, rules and connections "
                "show it as last read.",
                m.config.error.c_str());
    }
    drawSettingsTrouble(state);
    if (state.paused) {
        ImGui::SameLine(0, theme::px(18));
        ImGui::TextColored(theme::warn(state), "FEED PAUSED");
    }
    // One small chart per kind, side by side, on the second line.
    const float chartH = height - ImGui::GetFrameHeightWithSpacing() - ImGui::GetStyle().WindowPadding.y * 2;
    const float w = (ImGui::GetContentRegionAvail().x - 6 * ImGui::GetStyle().ItemSpacing.x) / 6;
    static const char* kNames[] = {"compose", "module", "package", "checkout", "other", "quarantine"};
    for (int k = 0; k < 6; ++k) {
        if (k) ImGui::SameLine();
        const auto& series = m.rate(k);
        float peak = 1;
        for (float v : series) peak = std::max(peak, v);
        ImGui::PushStyleColor(ImGuiCol_PlotHistogram, theme::kindColor(state, k, k == 5));
        ImGui::PushID(k);
        char overlay[48];
        std::snprintf(overlay, sizeof overlay, "%s %.0f/s", kNames[k], series[series.size() - 2]);
        ImGui::PlotHistogram("##rate", series.data(), static_cast<int>(series.size()), 0, overlay, 0, peak,
                             ImVec2(w, std::max(chartH, theme::px(10))));
        ImGui::PopID();
        ImGui::PopStyleColor();
    }
}

}  // namespace switchboard::ui
