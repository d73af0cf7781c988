#include "views/quarantine_detail.hpp"

#include <algorithm>

#include <imgui.h>

#include "format.hpp"
#include "model/event.hpp"
#include "store/event_store.hpp"
#include "theme.hpp"
#include "views/view.hpp"

namespace switchboard::ui {

void QuarantineDetail::drawFields(ConsoleState& state, const engine::QuarantineFetched& q) {
    (void)state;
    if (!ImGui::BeginTable("qfields", 2, ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_RowBg))
        return;
    ImGui::TableSetupColumn("f");
    ImGui::TableSetupColumn("v", ImGuiTableColumnFlags_WidthStretch);
    fieldRow("id", std::to_string(q.id));
    fieldRow("source", store::quarantineOrigin(q.source, q.line));
    fieldRow("topic", q.topic.empty() ? "(none)" : q.topic);
    fieldRow("received", model::formatIso8601(q.receivedAt));
    // A bus delivery's id and headers, kept beside its bytes (a file's line has them in its bytes).
    if (!q.msgId.empty()) fieldRow("message id", q.msgId);
    if (!q.headers.empty()) fieldRow("headers", q.headers);
    fieldRow("size",
             grouped(q.size) + (q.size == 1 ? " byte, " : " bytes, ") +
                 (q.utf8 ? "valid UTF-8" : "not valid UTF-8 (\\xNN marks each byte that is not)"));
    ImGui::EndTable();
}

void QuarantineDetail::draw(ConsoleState& state) {
    if (!state.quarantined) {
        ImGui::TextDisabled("Loading quarantined message %lld...",
                            static_cast<long long>(state.selectedQuarantined));
        return;
    }
    const engine::QuarantineFetched& q = *state.quarantined;
    if (!q.found) {
        ImGui::TextColored(theme::error(state), "%s", q.error.c_str());
        return;
    }
    ImGui::TextColored(theme::kindColor(state, 0, true), "quarantine");
    ImGui::SameLine();
    ImGui::TextDisabled("%s  #%lld", dateTime(q.receivedAt).c_str(), static_cast<long long>(q.id));
    ImGui::PushTextWrapPos(0);
    ImGui::TextColored(theme::error(state), "%s", q.reason.c_str());
    ImGui::PopTextWrapPos();
    if (ImGui::CollapsingHeader("Fields", ImGuiTreeNodeFlags_DefaultOpen)) drawFields(state, q);

    if (!ImGui::CollapsingHeader("Bytes", ImGuiTreeNodeFlags_DefaultOpen)) return;
    if (ImGui::RadioButton("Text", !m_hex)) m_hex = false;
    ImGui::SameLine();
    if (ImGui::RadioButton("Hex", m_hex)) m_hex = true;
    ImGui::SameLine();
    if (ImGui::Button("Copy")) ImGui::SetClipboardText(m_hex ? q.hex.c_str() : q.text.c_str());
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("Copies what is shown below (escaped text or hex), not the raw bytes");
    ImGui::SameLine();
    if (ImGui::Button("Save bytes..."))
        m_dialog.open(FileDialog::Mode::Save, "Save the quarantined bytes", "",
                      "quarantine-" + std::to_string(q.id) + ".jsonl");
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip(
            "Writes the exact bytes to a file: fix it by hand, then\n`switchboard ingest FILE`");
    if (m_dialog.draw()) {
        state.engine->post(engine::SaveQuarantined{q.id, m_dialog.path()});
        state.outcomes["quarantine"] = {true, "saving to " + m_dialog.path() + "..."};
    }
    drawOutcome(state, "quarantine");

    const size_t shown = m_hex ? std::min(q.size, engine::kQuarantineHexBytes) : q.textBytes;
    if (shown < q.size)
        ImGui::TextDisabled("Showing the first %s of %s bytes; Save bytes... writes them all.",
                            grouped(shown).c_str(), grouped(q.size).c_str());
    // Text wraps (a message is often one long line); hex keeps its columns and scrolls sideways.
    ImGui::BeginChild("bytes", ImVec2(0, 0), true,
                      m_hex ? ImGuiWindowFlags_HorizontalScrollbar : 0);
    ImGui::PushFont(state.mono);
    const std::string& text = m_hex ? q.hex : q.text;
    if (!m_hex) ImGui::PushTextWrapPos(0);
    ImGui::TextUnformatted(text.data(), text.data() + text.size());
    if (!m_hex) ImGui::PopTextWrapPos();
    ImGui::PopFont();
    ImGui::EndChild();
}

}  // namespace switchboard::ui
