// Trigger lists editor: entries edited inline on a draft (active, after / until, backend, params),
// a dirty flag and one save (one transaction), import / export of the Gangway JSON through our
// own file dialog (or a typed path) with progress while the engine imports, and firing the list
// after a preview naming the list and the jobs. Params that do not parse yet stay in their cell
// with the reason until fixed or reverted, and a date or job name the store would refuse is
// framed in red as it is typed; Save waits for both. An import waits for a clean draft and asks
// before it replaces a list. UI thread only.
#include <imgui.h>
#include <imgui_stdlib.h>

#include "awaited_command.hpp"
#include "format.hpp"
#include "model/json_dump.hpp"
#include "theme.hpp"
#include "views/view.hpp"
#include "widgets/confirm_dialog.hpp"
#include "widgets/elided_input.hpp"
#include "widgets/file_dialog.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <utility>
#include <vector>

namespace switchboard::ui {

class ListsEditor : public View {
public:
    ListsEditor() : View("lists", "Trigger lists", Pane::Left) {}

protected:
    void drawContent(ConsoleState& state) override {
        const auto& lists = state.model.config.lists;
        takeSaveAnswer(state);
        takeImportAnswer(state);
        // Pick up the stored list when nothing is being edited (or it changed under a clean draft).
        if (!m_dirty && m_badParams.empty() && (m_seen != state.model.configVersion)) {
            m_seen = state.model.configVersion;
            m_draft.reset();
            for (const auto& l : lists)
                if (l.name == m_selected) m_draft = l;
            if (!m_draft && !lists.empty()) {
                m_draft = lists.front();
                m_selected = m_draft->name;
            }
        }
        drawOutcome(state, "lists");
        drawConfigError(state);
        m_confirm.draw(state);
        ImGui::SetNextItemWidth(theme::px(200));
        if (ImGui::BeginCombo("##list", m_selected.empty() ? "(no lists)" : m_selected.c_str())) {
            for (const auto& l : lists)
                if (ImGui::Selectable(l.name.c_str(), l.name == m_selected) && !m_dirty) {
                    m_selected = l.name;
                    m_draft = l;
                }
            ImGui::EndCombo();
        }
        if (m_dirty && ImGui::IsItemHovered()) ImGui::SetTooltip("Save or revert the changes first");
        ImGui::SameLine();
        drawImportExport(state);
        ImGui::Separator();
        if (!m_draft) {
            ImGui::TextDisabled("Import a Gangway trigger list (a JSON array of {\"job_name\", \"active\"}).");
            return;
        }
        drawEntries(state);
        drawActions(state);
    }

private:
    // The draft stays dirty until the store took it: a refused save (the store checks again; a
    // database error) keeps every edit, and drawOutcome shows why.
    void takeSaveAnswer(ConsoleState& state) {
        const auto answer = m_save.takeAnswer(state);
        if (!answer || !answer->ok || !m_draft) return;
        // Edits made while the save was on its way are not stored yet: they keep the draft dirty,
        // and so do params typed meanwhile that do not parse (a snapshot would replace them).
        if (model::listToJson(*m_draft) != m_savedJson || !m_badParams.empty()) return;
        m_dirty = false;
        m_seen = state.model.configVersion;  // the stored list comes with the next snapshot
    }

    void save(ConsoleState& state) {
        m_savedJson = model::listToJson(*m_draft);
        m_save.post(state, engine::SaveList{*m_draft});
    }

    void revert(ConsoleState& state) {
        m_save.forget(state);
        m_dirty = false;
        m_badParams.clear();
        m_seen = 0;
    }

    // The list shown is the imported one only once the engine has stored it: a refused import
    // (a file that is not a Gangway list) leaves the selection and the draft as they were.
    void takeImportAnswer(ConsoleState& state) {
        const auto answer = m_import.takeAnswer(state);
        if (!answer || !answer->ok) return;
        m_selected = m_importedName;
        if (!m_dirty) m_seen = 0;  // show it with the next frame's snapshot
    }

    void startImport(ConsoleState& state, const std::string& path, const std::string& name) {
        m_importedName = name;
        m_import.post(state, engine::ImportList{path, name, "dry-run"});
        m_importStarted = ImGui::GetTime();
        state.outcomes["lists"] = {true, "importing " + path + "..."};
    }

    // Import replaces the entries of a list of the same name: that is asked first, naming it.
    void askImport(ConsoleState& state) {
        const auto& lists = state.model.config.lists;
        const auto same =
            std::find_if(lists.begin(), lists.end(),
                         [&](const model::TriggerList& l) { return l.name == m_importName; });
        if (same == lists.end()) return startImport(state, m_path, m_importName);
        m_confirm.ask("Replace the " + std::to_string(same->entries.size()) + " entries of list '" +
                          m_importName + "' with those of " + m_path + "?",
                      [this, path = m_path, name = m_importName](ConsoleState& s) {
                          startImport(s, path, name);
                      });
    }

    void drawImportExport(ConsoleState& state) {
        if (ImGui::Button("Import...")) m_dialog.open(FileDialog::Mode::Open, "Import a Gangway trigger list", ".json");
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("Choose a Gangway JSON file (or type its path below)");
        ImGui::SameLine();
        ImGui::BeginDisabled(!m_draft);
        if (ImGui::Button("Export...")) {
            m_exporting = true;
            m_dialog.open(FileDialog::Mode::Save, "Export '" + m_selected + "' as Gangway JSON", ".json", m_selected + ".json");
        }
        ImGui::EndDisabled();
        if (m_dialog.draw()) {
            if (m_exporting) {
                state.engine->post(engine::ExportList{m_selected, m_dialog.path()});
                state.outcomes["lists"] = {true, "exporting '" + m_selected + "' to " + m_dialog.path() + "..."};
            } else {
                m_path = m_dialog.path();
                if (m_importName.empty()) m_importName = std::filesystem::path(m_path).stem().string();
            }
        }
        if (!m_dialog.isOpen()) m_exporting = false;

        // The import line: a path (typed or chosen), the new list's name, and progress while it runs.
        ImGui::AlignTextToFramePadding();
        ImGui::TextDisabled("Import");
        ImGui::SameLine();
        ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x * 0.55f);
        ImGui::InputTextWithHint("##path", "path of a Gangway JSON file", &m_path);
        ImGui::SameLine();
        ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x * 0.6f);
        ImGui::InputTextWithHint("##newname", "as list named", &m_importName);
        ImGui::SameLine();
        // The imported list is shown once stored: over unsaved edits it would show in the
        // combo while the draft still held the other list, and Export would write the wrong one.
        const bool unsaved = m_dirty || !m_badParams.empty();
        ImGui::BeginDisabled(m_path.empty() || m_importName.empty() || m_import.pending() ||
                             unsaved);
        if (ImGui::Button("Import")) askImport(state);
        ImGui::EndDisabled();
        if (unsaved && ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
            ImGui::SetTooltip("'%s' has unsaved changes: save or revert them before importing",
                              m_selected.c_str());
        if (m_import.pending()) {
            // The engine reports no fraction for one file: a bar that keeps filling until it
            // answers.
            const float t = static_cast<float>(ImGui::GetTime() - m_importStarted);
            ImGui::ProgressBar(std::fmod(t * 0.6f, 1.0f), ImVec2(-1, 0), "importing...");
        }
    }

    void drawEntries(ConsoleState& state) {
        auto& entries = m_draft->entries;
        size_t active = 0;
        for (const auto& e : entries) active += model::isActiveNow(e, state.nowMs);
        ImGui::Text("%zu entries, ", entries.size());
        ImGui::SameLine(0, 0);
        ImGui::TextColored(theme::ok(state), "%zu active now", active);
        ImGui::SameLine();
        ImGui::TextDisabled("default backend:");
        ImGui::SameLine();
        ImGui::SetNextItemWidth(theme::px(140));
        if (ImGui::InputText("##lbackend", &m_draft->backend)) m_dirty = true;
        // Room under the table for the action row and the lines that say what Save would refuse.
        const float below = 3.0f + (m_problems.empty() ? 0.0f : 1.0f);
        const float h = ImGui::GetContentRegionAvail().y - ImGui::GetFrameHeightWithSpacing() * below;
        // Narrower than the fixed columns and some room for the job and the note (a moved
        // splitter, a larger text size), the table scrolls sideways with the job column held in
        // place, rather than squeezing the job names to nothing.
        const ImGuiStyle& style = ImGui::GetStyle();
        const float removeButton = ImGui::CalcTextSize("x").x + style.FramePadding.x * 2;
        const float fixedColumns = theme::px(100) * 2 + theme::px(90) + theme::px(80) +
                                   ImGui::CalcTextSize("Active inactive").x + removeButton +
                                   style.ItemSpacing.x + style.CellPadding.x * 16 +
                                   ImGui::GetFrameHeight();
        // Room for about a typical name (the job column takes 3/4 of what stretches): enough that
        // the default 1280-pixel window at the normal text size does not scroll.
        const float needed = fixedColumns + ImGui::CalcTextSize("...4.18-e2e-aws-ovn").x;
        const float innerWidth = std::max(ImGui::GetContentRegionAvail().x, needed);
        const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY |
                                      ImGuiTableFlags_ScrollX | ImGuiTableFlags_BordersV |
                                      ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_Resizable;
        if (!ImGui::BeginTable("entries", 8, flags, ImVec2(0, std::max(h, theme::px(120))),
                               innerWidth))
            return;
        ImGui::TableSetupScrollFreeze(2, 1);
        // Job names of one list often share a long prefix (periodic-ci-openshift-release-...), so the
        // job column takes most of the width the fixed-size date, backend and params columns leave;
        // the note the rest (it shows whole on hover). A date column fits a date; a full timestamp
        // (2026-10-01T00:00:00Z) shows whole on hover, since two columns wide enough for one would
        // leave the job names no room.
        for (const char* c : {"Active", "Job", "Now", "After", "Until", "Backend", "Params", "Note"}) {
            const std::string name = c;
            if (name == "Job") ImGui::TableSetupColumn(c, ImGuiTableColumnFlags_WidthStretch, 3.0f);
            else if (name == "Note") ImGui::TableSetupColumn(c, ImGuiTableColumnFlags_WidthStretch, 1.0f);
            else ImGui::TableSetupColumn(c);
        }
        ImGui::TableHeadersRow();
        // What every job name shares is left out of the narrow column, so that the part that tells
        // them apart shows ("...4.18-e2e-aws-ovn" beside "...4.19-e2e-aws-ovn").
        std::vector<std::string> names;
        names.reserve(entries.size());
        for (const auto& e : entries) names.push_back(e.job_name);
        const size_t sharedPrefix = sharedNamePrefix(names);
        int remove = -1;
        using Field = model::EntryProblem::Field;
        m_problems.clear();
        for (size_t i = 0; i < entries.size(); ++i) {
            auto& e = entries[i];
            // Checked as typed: a date that does not parse is marked in its cell now, not when
            // Save is refused (the Now column would meanwhile read it as no bound at all).
            const model::EntryProblem problem = model::entryProblem(e);
            if (problem.field != Field::None) m_problems.emplace_back(i, problem.message);
            ImGui::PushID(static_cast<int>(i));
            ImGui::TableNextColumn();
            m_dirty |= ImGui::Checkbox("##a", &e.active);
            ImGui::TableNextColumn();
            ImGui::SetNextItemWidth(-1);
            m_dirty |= framedIf(state, problem, Field::JobName, [&] {
                return elidedInput("##j", e.job_name, sharedPrefix);
            });
            if (ImGui::IsItemHovered() && !ImGui::IsItemActive() && !e.job_name.empty() &&
                problem.field != Field::JobName)
                ImGui::SetTooltip("%s", e.job_name.c_str());  // the column may show only a part
            ImGui::TableNextColumn();
            const auto st = model::entryState(e, state.nowMs);
            const std::string name(model::entryStateName(st));
            ImGui::TextColored(st == model::EntryState::Active ? theme::ok(state) : theme::dim(state), "%s", name.c_str());
            ImGui::TableNextColumn();
            ImGui::SetNextItemWidth(theme::px(100));
            m_dirty |= framedIf(state, problem, Field::ActiveAfter, [&] {
                return ImGui::InputTextWithHint("##af", "YYYY-MM-DD", &e.active_after);
            });
            tooltipIfCut(e.active_after, problem.field != Field::ActiveAfter);
            ImGui::TableNextColumn();
            ImGui::SetNextItemWidth(theme::px(100));
            m_dirty |= framedIf(state, problem, Field::ActiveUntil, [&] {
                return ImGui::InputTextWithHint("##un", "YYYY-MM-DD", &e.active_until);
            });
            tooltipIfCut(e.active_until, problem.field != Field::ActiveUntil);
            ImGui::TableNextColumn();
            ImGui::SetNextItemWidth(theme::px(90));
            m_dirty |= ImGui::InputTextWithHint("##be", "(list's)", &e.backend);
            ImGui::TableNextColumn();
            drawParams(state, i, e);
            ImGui::SameLine();
            if (ImGui::SmallButton("x")) remove = static_cast<int>(i);
            ImGui::TableNextColumn();
            drawNote(e);
            ImGui::PopID();
        }
        ImGui::EndTable();
        if (remove >= 0) {
            entries.erase(entries.begin() + remove);
            eraseBadParams(static_cast<size_t>(remove));
            m_dirty = true;
        }
        drawBadParams(state);
        drawProblems(state);
    }

    // On hover over the field just drawn, its whole text when the field is too narrow for it,
    // unless the field's problem has the tooltip (`free`).
    static void tooltipIfCut(const std::string& text, bool free) {
        if (!free || !ImGui::IsItemHovered() || ImGui::IsItemActive()) return;
        const float room = ImGui::GetItemRectSize().x - ImGui::GetStyle().FramePadding.x * 2;
        if (ImGui::CalcTextSize(text.c_str()).x > room) ImGui::SetTooltip("%s", text.c_str());
    }

    // Draws one cell's widget, framed in red with `why` on hover when `marked`. Returns what the
    // widget returned (edited or not).
    template <class DrawWidget>
    static bool framedIf(ConsoleState& state, bool marked, const std::string& why,
                         DrawWidget drawWidget) {
        if (marked) {
            ImGui::PushStyleColor(ImGuiCol_Border, theme::error(state));
            ImGui::PushStyleVar(ImGuiStyleVar_FrameBorderSize, 1.0f);
        }
        const bool edited = drawWidget();
        if (marked) {
            ImGui::PopStyleVar();
            ImGui::PopStyleColor();
            if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", why.c_str());
        }
        return edited;
    }
    // The same for the cell of `field`, marked when the entry's problem is there.
    template <class DrawWidget>
    static bool framedIf(ConsoleState& state, const model::EntryProblem& problem,
                         model::EntryProblem::Field field, DrawWidget drawWidget) {
        return framedIf(state, problem.field == field, problem.message, drawWidget);
    }

    // A line under the table saying what Save waits for.
    static void drawSaveBlocker(ConsoleState& state, const std::string& text) {
        ImGui::PushStyleColor(ImGuiCol_Text, theme::error(state));
        ImGui::TextWrapped("%s", text.c_str());
        ImGui::PopStyleColor();
    }

    // The entry's "note" (a key Gangway ignores, which teams use to say why a job is off), editable
    // and exported back; the hover names any other keys the entry carries for export.
    void drawNote(model::TriggerEntry& e) {
        ImGui::SetNextItemWidth(-1);
        const auto note = e.extra.find("note");
        if (note != e.extra.end() && !note->is_string()) {
            ImGui::TextDisabled("%s", model::dumpJson(*note).c_str());  // not text: kept as is
        } else {
            std::string text = note != e.extra.end() ? note->get<std::string>() : "";
            if (ImGui::InputText("##no", &text)) {
                m_dirty = true;
                if (text.empty()) e.extra.erase("note");  // exported without an empty note
                else e.extra["note"] = text;
            }
        }
        if (!ImGui::IsItemHovered() || ImGui::IsItemActive()) return;
        const auto shown = e.extra.find("note");  // `note` is stale once the cell was edited
        std::string tip = shown != e.extra.end() && shown->is_string() ? shown->get<std::string>() : "";
        std::string others;
        for (auto it = e.extra.begin(); it != e.extra.end(); ++it)
            if (it.key() != "note") others += (others.empty() ? "" : ", ") + it.key();
        if (!others.empty()) tip += (tip.empty() ? "" : "\n") + ("Also kept for export: " + others);
        if (!tip.empty()) ImGui::SetTooltip("%s", tip.c_str());
    }

    // Under the table, the first entry Save waits for, and how many there are.
    void drawProblems(ConsoleState& state) {
        if (m_problems.empty()) return;
        const auto& [row, message] = m_problems.front();
        std::string text = "Entry " + std::to_string(row + 1) + " (" +
                           m_draft->entries[row].job_name + "): " + message + ". Fix it or Revert; Save waits";
        if (m_problems.size() > 1) text += " (" + std::to_string(m_problems.size()) + " entries to fix)";
        drawSaveBlocker(state, text + ".");
    }

    // "" with `text` parsed into `params`, or why it is not a params object.
    static std::string parseParams(const std::string& text, nlohmann::json& params) {
        nlohmann::json parsed;
        try {
            parsed = nlohmann::json::parse(text);
        } catch (const nlohmann::json::parse_error& e) {
            return "not valid JSON, " + model::jsonErrorText(e);
        }
        if (!parsed.is_object())
            return std::string("a JSON object {...} is needed, not ") + parsed.type_name();
        params = std::move(parsed);
        return "";
    }

    // The params cell shows what was typed until it parses, framed in red, so that clicking
    // away never silently brings the old params back.
    void drawParams(ConsoleState& state, size_t row, model::TriggerEntry& e) {
        const auto bad = m_badParams.find(row);
        std::string params = bad != m_badParams.end() ? bad->second.text : e.params.dump();
        const bool marked = bad != m_badParams.end();
        ImGui::SetNextItemWidth(theme::px(80));
        const bool edited = framedIf(state, marked, marked ? bad->second.error : std::string(),
                                     [&] { return ImGui::InputText("##pa", &params); });
        if (!edited) return;
        m_dirty = true;
        std::string error = parseParams(params, e.params);
        if (error.empty())
            m_badParams.erase(row);
        else
            m_badParams[row] = {std::move(params), std::move(error)};
    }

    // Removing entry `row` moves the params typed for the entries below it up with them.
    void eraseBadParams(size_t row) {
        std::map<size_t, BadParams> moved;
        for (auto& [i, bad] : m_badParams)
            if (i != row) moved[i > row ? i - 1 : i] = std::move(bad);
        m_badParams.swap(moved);
    }

    void drawBadParams(ConsoleState& state) {
        if (m_badParams.empty()) return;
        const auto& [row, bad] = *m_badParams.begin();
        const std::string job = row < m_draft->entries.size() ? m_draft->entries[row].job_name : "";
        std::string text = "Params of entry " + std::to_string(row + 1) + " (" + job + "): " +
                           bad.error + ". Fix the cell or Revert; Save waits";
        if (m_badParams.size() > 1) text += " (" + std::to_string(m_badParams.size()) + " cells to fix)";
        drawSaveBlocker(state, text + ".");
    }

    void drawActions(ConsoleState& state) {
        if (ImGui::Button("Add entry")) {
            m_draft->entries.push_back(model::TriggerEntry{});
            m_draft->entries.back().job_name = "new-job";
            m_dirty = true;
        }
        ImGui::SameLine();
        ImGui::BeginDisabled(!m_dirty || !m_badParams.empty() || !m_problems.empty());
        // "###": one ID whatever the label says.
        if (ImGui::Button(m_save.pending() ? "Saving...###save"
                          : m_dirty        ? "Save changes *###save"
                                           : "Save changes###save"))
            save(state);
        ImGui::EndDisabled();
        if (!m_badParams.empty() && ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
            ImGui::SetTooltip("Some params do not parse yet: fix them, or Revert");
        else if (!m_problems.empty() && ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
            ImGui::SetTooltip("An entry would be refused (framed in red): fix it, or Revert");
        ImGui::BeginDisabled(!m_dirty);
        ImGui::SameLine();
        if (ImGui::Button("Revert")) revert(state);
        ImGui::EndDisabled();
        ImGui::SameLine();
        std::vector<std::string> jobs;
        for (const auto& e : m_draft->entries)
            if (model::isActiveNow(e, state.nowMs)) jobs.push_back(e.job_name + " on " + (e.backend.empty() ? m_draft->backend : e.backend));
        ImGui::BeginDisabled(m_dirty || jobs.empty());
        if (ImGui::Button("Fire list...")) ImGui::OpenPopup("Fire list?");
        ImGui::EndDisabled();
        ImGui::SameLine();
        if (ImGui::Button("Remove list...")) ImGui::OpenPopup("Remove list?");
        if (ImGui::BeginPopupModal("Fire list?", nullptr, ImGuiWindowFlags_AlwaysAutoResize)) {
            ImGui::Text("Fire list '%s': %zu jobs active now", m_draft->name.c_str(), jobs.size());
            // As wide as the longest job name (they share long prefixes and differ at the end),
            // up to most of the window; past that it scrolls sideways rather than cut the names.
            float widest = 0;
            for (const auto& j : jobs) widest = std::max(widest, ImGui::CalcTextSize(j.c_str()).x);
            const ImGuiStyle& style = ImGui::GetStyle();
            const float chrome = ImGui::GetTreeNodeToLabelSpacing() + style.ScrollbarSize +
                                 style.WindowPadding.x * 2;
            const float width = std::clamp(widest + chrome, theme::px(420),
                                           ImGui::GetMainViewport()->WorkSize.x * 0.8f);
            const float line = ImGui::GetTextLineHeightWithSpacing();
            const float height = std::min(line * 12, line * static_cast<float>(jobs.size())) +
                                 style.WindowPadding.y * 2 + style.ScrollbarSize;
            ImGui::BeginChild("preview", ImVec2(width, height), true,
                              ImGuiWindowFlags_HorizontalScrollbar);
            for (const auto& j : jobs) ImGui::BulletText("%s", j.c_str());
            ImGui::EndChild();
            if (ImGui::Button("Fire all")) {
                state.engine->post(engine::FireList{m_draft->name});
                state.outcomes["lists"] = {true, "firing " + std::to_string(jobs.size()) + " jobs of '" + m_draft->name + "'..."};
                ImGui::CloseCurrentPopup();
            }
            ImGui::SameLine();
            if (ImGui::Button("Cancel") || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape))) ImGui::CloseCurrentPopup();
            ImGui::EndPopup();
        }
        if (ImGui::BeginPopupModal("Remove list?", nullptr, ImGuiWindowFlags_AlwaysAutoResize)) {
            ImGui::Text("Remove list '%s' and its %zu entries?", m_draft->name.c_str(), m_draft->entries.size());
            if (ImGui::Button("Remove")) {
                state.engine->post(engine::RemoveList{m_draft->name});
                m_selected.clear();
                revert(state);
                ImGui::CloseCurrentPopup();
            }
            ImGui::SameLine();
            if (ImGui::Button("Cancel") || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape))) ImGui::CloseCurrentPopup();
            ImGui::EndPopup();
        }
    }

    // Params typed into a cell that do not parse yet, and why, by entry index.
    struct BadParams {
        std::string text, error;
    };

    std::optional<model::TriggerList> m_draft;
    AwaitedCommand m_save, m_import;
    nlohmann::json m_savedJson;  // the draft as last posted to the store
    std::string m_selected, m_path, m_importName;
    std::string m_importedName;  // shown once the engine has stored it
    std::map<size_t, BadParams> m_badParams;
    // Entries Save would refuse (their index and why), found while drawing the table.
    std::vector<std::pair<size_t, std::string>> m_problems;
    FileDialog m_dialog;
    ConfirmDialog m_confirm{"lists", "Replace"};
    bool m_exporting = false;
    double m_importStarted = 0;
    uint64_t m_seen = ~0ull;
    bool m_dirty = false;
};

std::unique_ptr<View> makeListsEditor() { return std::make_unique<ListsEditor>(); }

}  // namespace switchboard::ui
