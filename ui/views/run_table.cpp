#include "views/run_table.hpp"

#include <imgui.h>
#include <spawn.h>
#include <sys/wait.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <map>
#include <string>
#include <system_error>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include "format.hpp"
#include "theme.hpp"
#include "views/view.hpp"
#include "widgets/confirm_dialog.hpp"

extern char** environ;

namespace switchboard::ui {

namespace {

// The buttons a run's row shows: Open only with a URL, Stop only while it is active.
bool showsOpen(const model::JobRun& r) {
    return !r.url.empty();
}
bool showsStop(const model::JobRun& r) {
    return !model::isFinal(r.status);
}

// "" once xdg-open runs, else why not. Its exit is waited for by a thread of its own: a child
// nobody waits for stays a zombie, and ignoring SIGCHLD for the whole process would take the
// exit status of the engine's children from the engine.
std::string startOpener(const std::string& url) {
    if (url.rfind("http://", 0) != 0 && url.rfind("https://", 0) != 0)
        return "not opened: " + url + " is not an http(s) URL";
    pid_t pid;
    char* argv[] = {const_cast<char*>("xdg-open"), const_cast<char*>(url.c_str()), nullptr};
    // The console blocks its quit signals in every thread (quit_signals.hpp); a child would
    // inherit that mask and outlive a logout, so it starts with none blocked.
    posix_spawnattr_t attr;
    posix_spawnattr_init(&attr);
    sigset_t none;
    sigemptyset(&none);
    posix_spawnattr_setsigmask(&attr, &none);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK);
    const int err = posix_spawnp(&pid, "xdg-open", nullptr, &attr, argv, environ);
    posix_spawnattr_destroy(&attr);
    if (err != 0) return "cannot open " + url + ": xdg-open: " + std::strerror(err);
    try {
        std::thread([pid] {
            while (waitpid(pid, nullptr, 0) < 0 && errno == EINTR) {
            }
        }).detach();
    } catch (const std::system_error&) {
        // No thread to spare: this one child stays a zombie until the console exits.
    }
    return "";
}

}  // namespace

float runActionsWidth(const std::vector<model::JobRun>& runs) {
    const ImGuiStyle& style = ImGui::GetStyle();
    const auto button = [&](const char* label) {
        return ImGui::CalcTextSize(label).x + style.FramePadding.x * 2 + style.ItemSpacing.x;
    };
    const float open = button("Open"), stop = button("Stop");
    float widest = 0;
    for (const model::JobRun& r : runs) {
        widest = std::max(widest, (showsOpen(r) ? open : 0) + (showsStop(r) ? stop : 0));
        if (widest == open + stop) break;
    }
    return widest + button("Re-trigger") - style.ItemSpacing.x;
}

void openUrl(const std::string& url) {
    startOpener(url);
}

namespace {
std::string why(const model::JobRun& r) {
    std::string out(model::runCauseName(r.cause));
    if (!r.rule.empty()) out += " " + r.rule;
    if (r.event_id) out += " event " + std::to_string(r.event_id);
    if (r.retrigger_of) out += " of run " + std::to_string(r.retrigger_of);
    if (!r.reason.empty()) out += ": " + r.reason;
    return out;
}

// The "Stop run?" and "Re-trigger run?" confirmations, one each per table and drawn after it,
// not from inside a row: a row drawn only while the clipper shows it would take the dialog with
// it when it scrolled away or the filter hid it. The question keeps the run it asks about, so it
// needs no row to be drawn.
struct TableDialogs {
    ConfirmDialog stop, retrigger;
};

TableDialogs& dialogs(const std::string& table) {
    static std::map<std::string, TableDialogs> all;
    return all
        .try_emplace(table, TableDialogs{ConfirmDialog("stop-" + table, "Stop it"),
                                         ConfirmDialog("retrigger-" + table, "Re-trigger")})
        .first->second;
}

std::string runLabel(const model::JobRun& r) {
    return "run " + std::to_string(r.id) + ": job '" + r.job + "' on backend '" + r.backend + "'";
}

void askStop(const std::string& table, const model::JobRun& r) {
    const int64_t id = r.id;
    dialogs(table).stop.ask("Stop " + runLabel(r) + "?",
                            [id](ConsoleState& state) { state.engine->post(engine::StopRun{id}); });
}

// A re-trigger starts a job on a real backend: like Stop, it names what it would start, so that
// a click that landed on the wrong row costs a Cancel and not a build.
void askRetrigger(const std::string& table, const model::JobRun& r) {
    const int64_t id = r.id;
    dialogs(table).retrigger.ask(
        "Re-trigger " + runLabel(r) + "?\nA new run of that job starts with the same parameters.",
        [id](ConsoleState& state) { state.engine->post(engine::RetriggerRun{id}); });
}

bool drawRuns(ConsoleState& state, const std::vector<model::JobRun>& runs, const char* id,
              bool actions) {
    const auto width = [](const char* sample) { return ImGui::CalcTextSize(sample).x; };
    // Narrower than about 90 characters (the Runs pane beside the feed at 1280 px), the backend,
    // elapsed and tries columns move into the job's tooltip, so that job and why stay readable.
    const bool compact = ImGui::GetContentRegionAvail().x < width("0") * 90;
    const int cols = (compact ? 4 : 7) + (actions ? 1 : 0);
    const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_Resizable |
                                  ImGuiTableFlags_BordersV | ImGuiTableFlags_SizingFixedFit |
                                  (actions ? ImGuiTableFlags_ScrollY : 0);
    // Each layout keeps its own column widths.
    const std::string tableId = std::string(id) + (compact ? "_compact" : "");
    if (!ImGui::BeginTable(tableId.c_str(), cols, flags)) return false;
    ImGui::TableSetupScrollFreeze(0, 1);
    // Fixed columns start at a typical value's width (fitting would measure only the rows drawn
    // in the first frame); Job and Why share the rest, and the actions column fits its buttons.
    ImGui::TableSetupColumn("Run", ImGuiTableColumnFlags_WidthFixed, width("0000"));
    ImGui::TableSetupColumn("Job", ImGuiTableColumnFlags_WidthStretch, 1.0f);
    if (!compact)
        ImGui::TableSetupColumn("Backend", ImGuiTableColumnFlags_WidthFixed, width("Backend"));
    ImGui::TableSetupColumn("Status", ImGuiTableColumnFlags_WidthFixed, width("success_"));
    if (!compact) {
        ImGui::TableSetupColumn("Elapsed", ImGuiTableColumnFlags_WidthFixed, width("Elapsed"));
        ImGui::TableSetupColumn("Tries", ImGuiTableColumnFlags_WidthFixed, width("Tries"));
    }
    ImGui::TableSetupColumn("Why / last error", ImGuiTableColumnFlags_WidthStretch, 1.2f);
    // Not resizable, so that its width follows the rows each frame (ImGui keeps a resizable
    // column's first width): a run that becomes active widens it for its Stop.
    if (actions)
        ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthFixed | ImGuiTableColumnFlags_NoResize,
                                runActionsWidth(runs));
    ImGui::TableHeadersRow();
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(runs.size()));
    while (clipper.Step()) {
        for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
            const model::JobRun& r = runs[static_cast<size_t>(i)];
            ImGui::PushID(static_cast<int>(r.id));
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            if (ImGui::Selectable(
                    std::to_string(r.id).c_str(), state.selectedRun == r.id,
                    ImGuiSelectableFlags_SpanAllColumns | ImGuiSelectableFlags_AllowItemOverlap)) {
                state.selectedRun = r.id;
                if (r.event_id) state.openEvent(r.event_id);
            }
            const int64_t end = r.finished_at ? r.finished_at : state.nowMs;
            const std::string elapsed = age(r.created_at, end);
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(r.job.c_str());
            if (compact && ImGui::IsItemHovered())
                ImGui::SetTooltip("%s\nbackend %s, %d %s, %s", r.job.c_str(), r.backend.c_str(),
                                  r.attempts, r.attempts == 1 ? "try" : "tries", elapsed.c_str());
            if (!compact) {
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(r.backend.c_str());
            }
            ImGui::TableNextColumn();
            const std::string status(model::runStatusName(r.status));
            ImGui::TextColored(theme::stateColor(state, status), "%s", status.c_str());
            if (!compact) {
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(elapsed.c_str());
                ImGui::TableNextColumn();
                ImGui::Text("%d", r.attempts);
            }
            ImGui::TableNextColumn();
            const std::string reason = why(r);
            ImGui::TextUnformatted(reason.c_str());
            // The column clips a rule's name and reason; the whole of it is a hover away.
            if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", reason.c_str());
            if (!r.last_error.empty()) {
                ImGui::PushStyleColor(ImGuiCol_Text, theme::error(state));
                ImGui::TextWrapped("%s", r.last_error.c_str());
                ImGui::PopStyleColor();
            }
            if (actions) {
                ImGui::TableNextColumn();
                if (showsOpen(r)) {
                    if (ImGui::SmallButton("Open")) {
                        if (std::string why = startOpener(r.url); !why.empty())
                            state.outcomes["runs"] = {false, std::move(why)};
                    }
                    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", r.url.c_str());
                    ImGui::SameLine();
                }
                if (showsStop(r)) {
                    if (ImGui::SmallButton("Stop")) askStop(id, r);
                    ImGui::SameLine();
                }
                if (ImGui::SmallButton("Re-trigger")) askRetrigger(id, r);
            }
            ImGui::PopID();
        }
    }
    // Inside the table, this is its scrolling region. A pressed row or an open dialog still
    // counts as over it: the rows must not move between the press and the release.
    const bool hovered = pointerAimingHere();
    ImGui::EndTable();
    return hovered;
}

}  // namespace

bool drawRunTable(ConsoleState& state, const std::vector<model::JobRun>& runs, const char* id,
                  bool actions) {
    const bool hovered = drawRuns(state, runs, id, actions);
    if (!actions) return hovered;
    // After the table, so that a Stop clicked in it opens its dialog in the same frame.
    TableDialogs& asked = dialogs(id);
    asked.stop.draw(state);
    asked.retrigger.draw(state);
    // A dialog open above the table keeps the rows held: it answers for the row it was asked
    // from, and the pointer goes back to the table after it.
    const std::string table(id);
    return hovered || ImGui::IsPopupOpen(("Confirm##stop-" + table).c_str()) ||
           ImGui::IsPopupOpen(("Confirm##retrigger-" + table).c_str());
}

bool RowHold::update(const std::vector<model::JobRun>& runs, uint64_t version, bool hold) {
    const bool runsChanged = version != m_version || &runs != m_source;
    m_version = version;
    m_source = &runs;
    // An empty table has no row to miss, and a pointer resting on it must not keep it empty.
    if (!hold || (!m_holding && runs.empty())) {
        const bool changed = runsChanged || m_holding;
        m_holding = false;
        m_order.clear();
        m_rows.clear();
        m_waiting = 0;
        return changed;
    }
    if (!m_holding) {  // the hold begins on what is shown: nothing moves
        m_holding = true;
        m_order.clear();
        for (const auto& r : runs) m_order.push_back(r.id);
        m_rows = runs;
        m_waiting = 0;
        return runsChanged;
    }
    if (!runsChanged) return false;
    // Brought up to date in the held order; a run no longer there (pruned) leaves its place.
    std::unordered_map<int64_t, const model::JobRun*> byId;
    for (const auto& r : runs) byId.emplace(r.id, &r);
    m_rows.clear();
    std::unordered_set<int64_t> held;
    for (const int64_t id : m_order) {
        held.insert(id);
        if (auto it = byId.find(id); it != byId.end()) m_rows.push_back(*it->second);
    }
    m_waiting = 0;
    for (const auto& r : runs) m_waiting += held.count(r.id) ? 0 : 1;
    return true;
}

}  // namespace switchboard::ui
