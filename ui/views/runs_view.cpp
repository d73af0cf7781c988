// Runs: every job run, newest first, with status, elapsed, why, attempts and last error; stop
// (confirming job and backend) and re-trigger. UI thread only.
#include <imgui.h>

#include "theme.hpp"
#include "views/run_table.hpp"
#include "views/view.hpp"

namespace switchboard::ui {

class RunsView : public View {
public:
    RunsView() : View("runs", "Runs", Pane::Right) {}

protected:
    void drawContent(ConsoleState& state) override {
        const auto& runs = state.model.runs;
        size_t active = 0, failed = 0;
        for (const auto& r : runs) {
            active += model::isFinal(r.status) ? 0 : 1;
            failed += r.status == model::RunStatus::Failure || r.status == model::RunStatus::Error;
        }
        ImGui::Text("%zu %s", runs.size(), runs.size() == 1 ? "run" : "runs");
        ImGui::SameLine();
        ImGui::TextColored(theme::warn(state), "%zu active", active);
        ImGui::SameLine();
        ImGui::TextColored(theme::error(state), "%zu failed", failed);
        drawOutcome(state, "runs");
        if (runs.empty()) ImGui::TextDisabled("No runs yet: fire a job from an event or a trigger list.");
        drawRunTable(state, runs, "runs", true);
    }
};

std::unique_ptr<View> makeRunsView() { return std::make_unique<RunsView>(); }

}  // namespace switchboard::ui
