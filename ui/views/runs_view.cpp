// Runs: every job run, newest first, with status, elapsed, why, attempts and last error; stop and
// re-trigger (each confirming job and backend). The active and failed counts are toggles that
// show only those runs, and words narrow the list to a job, backend, rule or error. New runs wait
// while the pointer aims at the table (pointerAimingHere), so that its rows do not move under a
// click. UI thread only.
#include <imgui.h>
#include <imgui_stdlib.h>

#include "theme.hpp"
#include "views/run_filter.hpp"
#include "views/run_table.hpp"
#include "views/view.hpp"

namespace switchboard::ui {

class RunsView : public View {
public:
    RunsView() : View("runs", "Runs", Pane::Right) {}

protected:
    void drawContent(ConsoleState& state) override {
        // While the pointer aims at the table its rows stay put (RowHold); m_hovered is the last
        // frame's answer, as the table is drawn below.
        const bool holdChanged =
            m_hold.update(state.model.runs, state.model.runsVersion, m_hovered);
        const auto& runs = m_hold.shown();
        size_t active = 0, failed = 0;
        for (const auto& r : runs) {
            active += model::isFinal(r.status) ? 0 : 1;
            failed += isFailed(r.status) ? 1 : 0;
        }
        ImGui::Text("%zu %s", runs.size(), runs.size() == 1 ? "run" : "runs");
        ImGui::SameLine();
        bool changed = toggle(std::to_string(active) + " active###active", RunShow::Active,
                              theme::warn(state));
        ImGui::SameLine();
        changed |= toggle(std::to_string(failed) + " failed###failed", RunShow::Failed,
                          theme::error(state));
        if (const size_t waiting = m_hold.waiting()) {
            ImGui::SameLine();
            ImGui::TextColored(theme::warn(state), "+%zu new", waiting);
            if (ImGui::IsItemHovered())
                wrappedTooltip(std::to_string(waiting) + (waiting == 1 ? " run" : " runs") +
                               " started while the pointer moved over the table. They are "
                               "held back so that the rows do not move under a click, and "
                               "appear when the pointer leaves the table or rests.");
        }
        ImGui::SameLine();
        ImGui::SetNextItemWidth(-1);
        changed |= ImGui::InputTextWithHint("##runfilter", "job, backend, rule or error", &m_words);
        drawOutcome(state, "runs");
        if (runs.empty()) {
            ImGui::TextDisabled("No runs yet: fire a job from an event or a trigger list.");
            m_hovered = drawRunTable(state, runs, "runs", true);
            return;
        }
        if (m_show == RunShow::All && m_words.empty()) {
            m_hovered = drawRunTable(state, runs, "runs", true);
            return;
        }
        // Filtered again only when the runs or the filter changed, not every frame.
        if (changed || holdChanged) {
            m_shown.clear();
            for (const auto& r : runs)
                if (runMatches(r, m_show, m_words)) m_shown.push_back(r);
        }
        ImGui::TextDisabled("%zu of %zu shown", m_shown.size(), runs.size());
        m_hovered = drawRunTable(state, m_shown, "runs", true);
    }

private:
    // A count that shows only its runs when clicked, and all of them when clicked again. The
    // label's ID follows "###", so that it holds while the count moves: a changing ID would drop
    // a click made as a run started or ended.
    bool toggle(const std::string& label, RunShow show, const ImVec4& colour) {
        ImGui::PushStyleColor(ImGuiCol_Text, colour);
        const ImVec2 size = ImGui::CalcTextSize(label.c_str(), nullptr, true);
        const bool clicked = ImGui::Selectable(label.c_str(), m_show == show, 0, size);
        ImGui::PopStyleColor();
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip(m_show == show ? "Show every run" : "Show only these runs");
        if (clicked) m_show = m_show == show ? RunShow::All : show;
        return clicked;
    }

    RunShow m_show = RunShow::All;
    std::string m_words;
    std::vector<model::JobRun> m_shown;
    RowHold m_hold;
    bool m_hovered = false;
};

std::unique_ptr<View> makeRunsView() {
    return std::make_unique<RunsView>();
}

}  // namespace switchboard::ui
