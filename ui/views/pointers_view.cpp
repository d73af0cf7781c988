// Field pointers: where the subject (or state, component, product, version) of messages no family
// knows is read from, in the order they are tried; add and remove, each optionally re-reading the
// stored `other` events; import and export them as a file. The event detail view's "Read as" adds
// them from an example message.
// UI thread only.
#include <algorithm>
#include <string_view>

#include <imgui.h>
#include <imgui_stdlib.h>

#include "format.hpp"
#include "theme.hpp"
#include "views/view.hpp"
#include "widgets/confirm_dialog.hpp"
#include "widgets/file_dialog.hpp"
#include "widgets/pointer_dialog.hpp"

namespace switchboard::ui {

class PointersView : public View {
public:
    PointersView() : View("pointers", "Pointers", Pane::Left) {}

protected:
    void drawContent(ConsoleState& state) override {
        ImGui::PushTextWrapPos(0);
        ImGui::TextDisabled(
            "Messages no family recognises are kind other. A pointer reads one of their fields "
            "from the body or the headers, for the topics its glob matches; the first pointer that "
            "finds a value wins. In an event's Body or Headers, right-click a value and choose "
            "Read as.");
        ImGui::PopTextWrapPos();
        drawOutcome(state, "pointers");
        drawConfigError(state);
        drawTable(state);
        drawAddForm(state);
        drawImportExport(state);
        m_confirm.draw(state);
    }

private:
    // The width of the longest field (or part) name, in the current font.
    static float widestName(bool fields) {
        float widest = 0;
        auto consider = [&widest](std::string_view name) {
            const float width = ImGui::CalcTextSize(name.data(), name.data() + name.size()).x;
            widest = std::max(widest, width);
        };
        if (fields)
            for (model::PointerField f : model::kPointerFields) consider(model::pointerFieldName(f));
        else
            for (model::PointerPart p : model::kPointerParts) consider(model::pointerPartName(p));
        return widest;
    }

    void drawTable(ConsoleState& state) {
        const auto& pointers = state.model.config.pointers;
        if (pointers.empty()) {
            ImGui::TextDisabled("No pointers yet.");
            return;
        }
        if (!ImGui::BeginTable("pointer-table", 7, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersV |
                                                  ImGuiTableFlags_SizingFixedFit |
                                                  ImGuiTableFlags_Resizable))
            return;
        // Wide enough for every name from the start: a fit-to-content column keeps the width of
        // the rows it first saw, so "component" added later would be cut to "compon".
        ImGui::TableSetupColumn("#");
        ImGui::TableSetupColumn("Field", ImGuiTableColumnFlags_WidthFixed, widestName(true));
        ImGui::TableSetupColumn("In", ImGuiTableColumnFlags_WidthFixed, widestName(false));
        ImGui::TableSetupColumn("Pointer");
        ImGui::TableSetupColumn("Topics", ImGuiTableColumnFlags_WidthStretch);
        ImGui::TableSetupColumn("Added");
        ImGui::TableSetupColumn("");
        ImGui::TableHeadersRow();
        for (const model::FieldPointer& p : pointers) {
            ImGui::PushID(static_cast<int>(p.id));
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::Text("%lld", static_cast<long long>(p.id));
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(std::string(model::pointerFieldName(p.field)).c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(std::string(model::pointerPartName(p.part)).c_str());
            ImGui::TableNextColumn();
            if (state.mono) ImGui::PushFont(state.mono);
            ImGui::TextUnformatted(p.pointer.c_str());
            if (state.mono) ImGui::PopFont();
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(p.topic_glob.c_str());
            ImGui::TableNextColumn();
            ImGui::TextDisabled("%s", dateTime(p.created_at).c_str());
            ImGui::TableNextColumn();
            if (ImGui::SmallButton("Remove"))
                m_confirm.ask("Remove pointer " + std::to_string(p.id) + " (" + model::describe(p) + ")?",
                              [this, id = p.id](ConsoleState& st) {
                                  st.engine->post(engine::RemovePointer{id, m_reread});
                              });
            ImGui::PopID();
        }
        ImGui::EndTable();
    }

    void drawAddForm(ConsoleState& state) {
        ImGui::Spacing();
        ImGui::TextDisabled("Add a pointer");
        ImGui::SetNextItemWidth(ImGui::GetFontSize() * 7);
        pointerFieldCombo("##field", m_field);
        ImGui::SameLine();
        ImGui::SetNextItemWidth(ImGui::GetFontSize() * 6);
        pointerPartCombo("##part", m_part);
        ImGui::SameLine();
        const float rest = ImGui::GetContentRegionAvail().x - ImGui::CalcTextSize("Add").x -
                           2 * ImGui::GetStyle().FramePadding.x - 2 * ImGui::GetStyle().ItemSpacing.x;
        ImGui::SetNextItemWidth(rest * 0.45f);
        ImGui::InputTextWithHint("##pointer", "/errata_id", &m_pointer);
        ImGui::SameLine();
        ImGui::SetNextItemWidth(rest * 0.55f);
        ImGui::InputTextWithHint("##topic", "topic glob, e.g. *.errata.* ('*' for all)", &m_topic);
        ImGui::SameLine();
        const std::string error = m_pointer.empty() ? "" : model::pointerError(m_pointer);
        ImGui::BeginDisabled(m_pointer.empty() || !error.empty());
        if (ImGui::Button("Add")) {
            model::FieldPointer p;
            p.field = static_cast<model::PointerField>(m_field);
            p.part = static_cast<model::PointerPart>(m_part);
            p.pointer = m_pointer;
            p.topic_glob = m_topic.empty() ? "*" : m_topic;
            state.engine->post(engine::AddPointer{p, m_reread});
            m_pointer.clear();
        }
        ImGui::EndDisabled();
        ImGui::Checkbox("Re-read the stored other events after each change", &m_reread);
        if (!error.empty()) ImGui::TextColored(theme::error(state), "%s", error.c_str());
    }

    // Another database's pointers in (those not here yet, after these), or these out, as the
    // JSON array `switchboard pointers export` writes; an import re-reads as the checkbox says.
    void drawImportExport(ConsoleState& state) {
        ImGui::Spacing();
        if (ImGui::Button("Import...")) {
            m_exporting = false;
            m_dialog.open(FileDialog::Mode::Open, "Import field pointers", ".json");
        }
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip("A JSON array as Export... or `switchboard pointers export` writes it,\n"
                              "or `pointers list --json` lines; those already here are left");
        ImGui::SameLine();
        ImGui::BeginDisabled(state.model.config.pointers.empty());
        if (ImGui::Button("Export...")) {
            m_exporting = true;
            m_dialog.open(FileDialog::Mode::Save, "Export the field pointers", ".json", "pointers.json");
        }
        ImGui::EndDisabled();
        if (m_dialog.draw()) {
            const std::string& path = m_dialog.path();
            if (m_exporting) {
                state.engine->post(engine::ExportPointers{path});
                state.outcomes["pointers"] = {true, "exporting to " + path + "..."};
            } else {
                state.engine->post(engine::ImportPointers{path, m_reread});
                state.outcomes["pointers"] = {true, "importing " + path + "..."};
            }
        }
    }

    int m_field = 0, m_part = 0;
    std::string m_pointer, m_topic;
    bool m_reread = true;
    ConfirmDialog m_confirm{"pointers", "Remove"};
    FileDialog m_dialog;
    bool m_exporting = false;
};

std::unique_ptr<View> makePointersView() { return std::make_unique<PointersView>(); }

}  // namespace switchboard::ui
