#include "views/feed_view.hpp"

#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <chrono>
#include <iterator>

#include "format.hpp"
#include "model/event.hpp"
#include "theme.hpp"
#include "views/view.hpp"

namespace switchboard::ui {

namespace {
using engine::FeedField;

void cellText(const ConsoleState& state, const engine::FeedRow& row, FeedField f) {
    ImGui::TableNextColumn();
    const std::string_view text = state.model.text(row.get(f));
    ImGui::TextUnformatted(text.data(), text.data() + text.size());
}

// " | searching the messages' text: 40 %" while a contains: term is being searched through the
// held rows, else "" (rows that just arrived are searched a step later: that is not announced,
// or the text would flicker with every arrival).
std::string bodySearchProgress(const ConsoleState& state) {
    if (!state.bodySearch.active() || !state.bodySearch.error().empty()) return "";
    if (state.bodySearch.caughtUp(state.model.heldIds())) return "";
    const double done = state.bodySearch.progress(state.model.heldIds());
    return " | searching the messages' text: " + std::to_string(static_cast<int>(done * 100)) +
           " %";
}

}  // namespace

void FeedView::drawFilterBar(ConsoleState& state) {
    if (state.focusFilter) {
        ImGui::SetKeyboardFocusHere();
        state.focusFilter = false;
    }
    ImGui::SetNextItemWidth(-ImGui::CalcTextSize("Follow  Pause  9999999 / 9999999 shown").x);
    ImGui::InputTextWithHint("##filter",
                             "Filter (Ctrl+F): text kind:module state:ready since:2h (F1: more)",
                             &state.feedFilter);
    ImGui::SameLine();
    if (ImGui::Button(state.paused ? "Resume" : "Pause")) state.paused = !state.paused;
    ImGui::SameLine();
    if (ImGui::Button("Follow")) {
        m_follow = true;
        state.paused = false;
    }
    ImGui::SameLine();
    ImGui::TextDisabled("%zu / %zu shown", m_index.size(), state.model.rowCount());
    m_watchBar.draw(state);

    // Rows replaced in place (a pointer edit) may now match, or no longer match, the filter.
    const bool rowsReplaced = state.model.rowsRevision() != m_rowsRevision;
    m_rowsRevision = state.model.rowsRevision();
    // An age (since:2h) moves with the clock: the filter is applied again now and then.
    const bool windowMoved = m_refilterAtMs > 0 && state.nowMs >= m_refilterAtMs;
    // The reader asked for this filter (or its rows changed): show the selection, or the newest
    // rows. When only the clock moved it, the view stays where the reader left it.
    const bool asked = state.feedFilter != m_appliedFilter || rowsReplaced;
    if (asked || windowMoved) {
        const auto parsed = engine::parseFilter(state.feedFilter, state.nowMs);
        m_refilterAtMs = parsed.refreshEveryMs > 0 ? state.nowMs + parsed.refreshEveryMs : 0;
        if (parsed.error.empty()) {
            const auto start = std::chrono::steady_clock::now();
            const bool hadRow = m_selectedPos < m_index.size();
            const int64_t keep = hadRow ? m_index.at(state.model, m_selectedPos).id : 0;
            const uint8_t keepQuarantined =
                hadRow ? m_index.at(state.model, m_selectedPos).quarantined : 0;
            // A contains: term goes on searching where it was when only other terms changed.
            state.bodySearch.start(engine::bodyTextSearch(parsed.filter));
            m_index.setFilter(parsed.filter, &state.bodySearch);
            m_index.update(state.model);
            m_filterMs =
                std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
                    .count();
            state.lastFilterMs = m_filterMs;
            m_selectedPos = findRow(state, keep, keepQuarantined != 0);
            m_scrollToSelected = asked && m_selectedPos != SIZE_MAX;
            if (m_selectedPos == SIZE_MAX && asked) m_follow = true;
            // A contains: search shows its rows as it reaches them: the row is looked for again
            // as they come (drawContent), so that the open event stays highlighted.
            m_filling = state.bodySearch.active();
            m_fillStart = start;
            m_seek = {};
            if (m_selectedPos == SIZE_MAX && keep != 0 && m_filling)
                m_seek = {keep, keepQuarantined != 0};
        }
        m_filterError = parsed.error;
        m_appliedFilter = state.feedFilter;
    }
    state.feedShown = m_index.size();
    if (!m_filterError.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, theme::error(state));
        ImGui::TextWrapped("Filter: %s", m_filterError.c_str());
        ImGui::PopStyleColor();
    }
    const auto& stats = state.model.stats;
    const size_t waiting =
        m_holdFrom == SIZE_MAX
            ? 0
            : state.model.rowCount() - std::min(m_holdFrom, state.model.rowCount());
    const std::string held = waiting ? " | " + std::to_string(waiting) +
                                           " more rows wait while the pointer aims at the table"
                                     : "";
    ImGui::TextDisabled("%lld stored, %lld quarantined%s%s%s%s | filtered in %.1f ms",
                        static_cast<long long>(stats.events),
                        static_cast<long long>(stats.quarantined),
                        state.model.historyDone() ? "" : " | loading history...",
                        state.paused ? " | PAUSED (Space)" : "", held.c_str(),
                        bodySearchProgress(state).c_str(), m_filterMs);
    if (!state.bodySearch.error().empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, theme::error(state));
        ImGui::TextWrapped("contains: %s", state.bodySearch.error().c_str());
        ImGui::PopStyleColor();
    }
}

void FeedView::drawContent(ConsoleState& state) {
    drawFilterBar(state);
    // The next range of a contains: search, on the engine's command thread (body_search.hpp).
    if (auto step = state.bodySearch.next(state.model.heldIds()))
        state.engine->post(std::move(*step));
    if (!state.loaderError.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, theme::error(state));
        ImGui::TextWrapped("%s", state.loaderError.c_str());
        ImGui::PopStyleColor();
    }
    // Following, each new row moves every row up under the pointer, and a click aimed at one
    // event opens the next: while the pointer aims at the table, new rows wait as under Pause.
    // An empty table has no row to miss, and a pointer resting on it must not keep it empty.
    const bool hold = m_follow && m_hovered && !state.paused && m_index.size() > 0;
    if (!hold)
        m_holdFrom = SIZE_MAX;
    else if (m_holdFrom == SIZE_MAX)
        m_holdFrom = state.model.rowCount();
    // The rows a contains: filter asked for come in as the search reaches them; like any filter's,
    // they are shown under Pause too (the rows that arrived meanwhile with them, as a filter
    // applied under Pause shows them).
    const bool filling = m_filling && state.bodySearch.error().empty();
    if ((!state.paused && !hold) || filling) {
        const size_t shownBefore = m_index.size();
        const size_t added = m_index.update(state.model);
        if (m_selectedPos != SIZE_MAX) m_selectedPos += added;
        m_anchorAdded += added;
        if (m_seek.id != 0 && m_index.size() != shownBefore) {
            m_selectedPos = findRow(state, m_seek.id, m_seek.quarantined);
            if (m_selectedPos != SIZE_MAX) {
                m_follow = false;
                m_scrollToSelected = true;
                m_seek = {};
            }
        }
        if (filling && state.model.historyDone() &&
            state.bodySearch.progress(state.model.heldIds()) >= 1.0) {
            m_filling = false;
            m_seek = {};
            // "filtered in" then covers the wait for every held row to be searched, not the
            // first pass over them (which ran before any was).
            m_filterMs = std::chrono::duration<double, std::milli>(
                             std::chrono::steady_clock::now() - m_fillStart)
                             .count();
        }
        // The watch on show is being read: what it matches arrives in front of the reader.
        if (const int shown = state.watches.find(m_appliedFilter); shown >= 0)
            state.watches.markSeen(static_cast<size_t>(shown));
    }
    syncSelection(state);
    drawTable(state);
}

void FeedView::syncSelection(const ConsoleState& state) {
    if (state.selectedEvent == m_knownEvent && state.selectedQuarantined == m_knownQuarantined)
        return;
    noteSelection(state);
    const bool quarantined = state.selectedQuarantined != 0;
    const int64_t id = quarantined ? state.selectedQuarantined : state.selectedEvent;
    // A row the filter hides, or one not loaded yet, leaves nothing highlighted rather than a
    // wrong row; one a contains: search has not reached yet is highlighted when it does.
    m_selectedPos = findRow(state, id, quarantined);
    m_seek = {};
    if (m_selectedPos != SIZE_MAX) {
        m_follow = false;
        m_scrollToSelected = true;
    } else if (m_filling && id != 0) {
        m_seek = {id, quarantined};
    }
}

size_t FeedView::findRow(const ConsoleState& state, int64_t id, bool quarantined) const {
    // Newest first: what another view opens is most often recent. Event ids and quarantine ids
    // are separate sequences: a number names one of each.
    for (size_t i = m_index.size(); id != 0 && i-- > 0;) {
        const engine::FeedRow& row = m_index.at(state.model, i);
        if (row.id == id && (row.quarantined != 0) == quarantined) return i;
    }
    return SIZE_MAX;
}

void FeedView::drawTable(ConsoleState& state) {
    const ImGuiTableFlags flags = ImGuiTableFlags_ScrollY | ImGuiTableFlags_RowBg |
                                  ImGuiTableFlags_Resizable | ImGuiTableFlags_Reorderable |
                                  ImGuiTableFlags_Hideable | ImGuiTableFlags_BordersV |
                                  ImGuiTableFlags_SizingFixedFit;
    // Columns start as wide as a typical value: fitting to content would measure only the rows
    // the clipper drew in the first frame, often a column of empty cells.
    const auto width = [](const char* sample) { return ImGui::CalcTextSize(sample).x; };
    // Subject is what the reader scans for, so it takes the slack: the other columns start at a
    // short typical value (longer values clip; drag to widen) and Component, which the subject's
    // NVR or NSVC already names, starts hidden with Arch and Source (right-click a header).
    struct Column {
        const char* name;
        float width;  // Subject's: the least it gets while the others keep theirs
        bool fixed;   // in both layouts: short values that a narrower column would cut
        bool hidden, hiddenNarrow;
    };
    const Column columns[] = {
        // Wide enough for an earlier day's "Dec 05 14:03"; today's rows show seconds instead.
        {"Time", width("Dec 00 00:00"), true, false, false},
        {"Kind", width("checkout"), true, false, false},
        // Whole, so that compose.phase.start and compose.phase.stop read differently.
        {"Event", width("compose.phase.start"), false, false, false},
        {"Subject", width("0") * 20, false, false, false},
        {"State", width("COMPLETE"), false, false, false},
        // Narrow, these start hidden: a compose's subject names them, and most events have none.
        {"Product", width("Fedora"), false, false, true},
        {"Version", width("Rawhide"), false, false, true},
        {"Arch", width("x86_64"), false, true, true},
        {"Component", width("component"), false, true, true},
        {"Source", width("source"), false, true, true},
    };
    // Too narrow for all of them (900 px, or the splitter moved), fixed columns would keep their
    // widths and leave Subject a letter. Then Product and Version start hidden, and Event,
    // Subject and State share what Time and Kind leave in proportion to their typical widths, so
    // that Subject keeps the largest share. Each layout keeps its own widths (the table's id).
    const ImGuiStyle& style = ImGui::GetStyle();
    float needed = style.ScrollbarSize;
    for (const Column& c : columns)
        if (!c.hidden) needed += c.width + style.CellPadding.x * 2 + 1;
    const bool narrow = ImGui::GetContentRegionAvail().x < needed;
    if (!ImGui::BeginTable(narrow ? "feed_narrow" : "feed", 10, flags)) return;
    ImGui::TableSetupScrollFreeze(0, 1);
    for (size_t i = 0; i < std::size(columns); ++i) {
        const Column& c = columns[i];
        const bool hidden = narrow ? c.hiddenNarrow : c.hidden;
        const ImGuiTableColumnFlags hide = hidden ? ImGuiTableColumnFlags_DefaultHide : 0;
        if (c.fixed)
            ImGui::TableSetupColumn(c.name, ImGuiTableColumnFlags_WidthFixed, c.width);
        else if (narrow)
            ImGui::TableSetupColumn(c.name, ImGuiTableColumnFlags_WidthStretch | hide, c.width);
        else if (i == 3)  // Subject: the slack
            ImGui::TableSetupColumn(c.name, ImGuiTableColumnFlags_WidthStretch);
        else
            ImGui::TableSetupColumn(c.name, ImGuiTableColumnFlags_WidthFixed | hide, c.width);
    }
    ImGui::TableHeadersRow();

    const float rowH = ImGui::GetTextLineHeight() + ImGui::GetStyle().CellPadding.y * 2;
    // Rows added above keep what the reader looks at in place (unless following the bottom).
    if (m_anchorAdded && !m_follow) ImGui::SetScrollY(ImGui::GetScrollY() + m_anchorAdded * rowH);
    m_anchorAdded = 0;

    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(m_index.size()), rowH);
    if (m_scrollToSelected && m_selectedPos < m_index.size())
        clipper.ForceDisplayRangeByIndices(static_cast<int>(m_selectedPos),
                                           static_cast<int>(m_selectedPos) + 1);
    while (clipper.Step()) {
        for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
            const engine::FeedRow& row = m_index.at(state.model, static_cast<size_t>(i));
            ImGui::PushID(static_cast<int>(row.id * 2 + row.quarantined));
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            const bool selected = static_cast<size_t>(i) == m_selectedPos;
            const std::string time = feedTime(row.receivedAt, state.nowMs);
            if (ImGui::Selectable(
                    time.c_str(), selected,
                    ImGuiSelectableFlags_SpanAllColumns | ImGuiSelectableFlags_AllowDoubleClick)) {
                m_selectedPos = static_cast<size_t>(i);
                m_follow = false;
                if (row.quarantined)
                    state.openQuarantined(row.id);
                else if (ImGui::GetIO().KeyShift)
                    state.setCompare(row.id);
                else
                    state.openEvent(row.id);
                noteSelection(state);
                if (ImGui::IsMouseDoubleClicked(0)) state.selectView = "detail";
            }
            if (ImGui::BeginPopupContextItem("row menu")) {
                m_follow = false;  // the menu lives while its row is drawn: keep the row in view
                rowMenu(state, row);
                ImGui::EndPopup();
            }
            if (selected && m_scrollToSelected) {
                ImGui::SetScrollHereY(0.5f);
                m_scrollToSelected = false;
            }
            if (row.quarantined && ImGui::IsItemHovered())
                ImGui::SetTooltip("Quarantined: %s\nClick to see its bytes.",
                                  std::string(state.model.text(row.get(FeedField::State))).c_str());
            ImGui::TableNextColumn();
            ImGui::PushStyleColor(ImGuiCol_Text,
                                  theme::kindColor(state, row.kind, row.quarantined));
            ImGui::TextUnformatted(
                row.quarantined ? "quarantine"
                                : model::kindName(static_cast<model::Kind>(row.kind)).data());
            ImGui::PopStyleColor();
            cellText(state, row, FeedField::Event);
            cellText(state, row, FeedField::Subject);
            ImGui::TableNextColumn();
            const std::string_view st = state.model.text(row.get(FeedField::State));
            ImGui::PushStyleColor(ImGuiCol_Text, row.quarantined ? theme::error(state)
                                                                 : theme::stateColor(state, st));
            ImGui::TextUnformatted(st.data(), st.data() + st.size());
            ImGui::PopStyleColor();
            cellText(state, row, FeedField::Product);
            cellText(state, row, FeedField::Version);
            cellText(state, row, FeedField::Arch);
            cellText(state, row, FeedField::Component);
            cellText(state, row, FeedField::Source);
            ImGui::PopID();
        }
    }
    // Follow the newest row only when the reader is already at the bottom.
    if (ImGui::GetIO().MouseWheel > 0 && ImGui::IsWindowHovered()) m_follow = false;
    if (m_follow && !state.paused)
        ImGui::SetScrollHereY(1.0f);
    else if (ImGui::GetScrollY() >= ImGui::GetScrollMaxY() - 1 && ImGui::GetScrollMaxY() > 0 &&
             ImGui::GetIO().MouseWheel < 0)
        m_follow = true;
    // Inside the table, this is its scrolling region; a row being clicked still counts as over.
    m_hovered = pointerAimingHere();
    ImGui::EndTable();
}

// Right-click on a row: copy its subject, or narrow the filter to (or away from) its values.
void FeedView::rowMenu(ConsoleState& state, const engine::FeedRow& row) {
    const auto narrow = [&](const std::string& label, std::string_view field,
                            std::string_view value, bool negate = false) {
        // A double quote cannot be written inside a quoted filter value.
        if (value.empty() || value.find('"') != std::string_view::npos) return;
        if (ImGui::MenuItem(label.c_str()))
            state.feedFilter = engine::withTerm(state.feedFilter, field, value, negate);
    };
    if (row.quarantined) {
        narrow("Show only quarantined lines", "is", "quarantined");
        return;
    }
    const std::string subject(state.model.text(row.get(FeedField::Subject)));
    const std::string stateText(state.model.text(row.get(FeedField::State)));
    const std::string kind(model::kindName(static_cast<model::Kind>(row.kind)));
    if (!subject.empty() && ImGui::MenuItem("Copy subject"))
        ImGui::SetClipboardText(subject.c_str());
    ImGui::Separator();
    narrow("Show only subject " + subject, "subject", subject);
    narrow("Show only kind " + kind, "kind", kind);
    narrow("Show only state " + stateText, "state", stateText);
    narrow("Hide kind " + kind, "kind", kind, true);
}

void FeedView::moveSelection(ConsoleState& state, long delta) {
    if (m_index.size() == 0) return;
    long pos = m_selectedPos == SIZE_MAX ? static_cast<long>(m_index.size())
                                         : static_cast<long>(m_selectedPos);
    pos = std::clamp<long>(pos + delta, 0, static_cast<long>(m_index.size()) - 1);
    m_selectedPos = static_cast<size_t>(pos);
    m_follow = false;
    m_scrollToSelected = true;
    const engine::FeedRow& row = m_index.at(state.model, m_selectedPos);
    if (row.quarantined)
        state.openQuarantined(row.id);
    else
        state.openEvent(row.id);
    noteSelection(state);
}

void FeedView::onKeys(ConsoleState& state) {
    auto key = [](int k) { return ImGui::IsKeyPressed(k); };
    if (const int step = upDownStep()) moveSelection(state, step);
    if (key(ImGui::GetKeyIndex(ImGuiKey_PageDown))) moveSelection(state, 20);
    if (key(ImGui::GetKeyIndex(ImGuiKey_PageUp))) moveSelection(state, -20);
    if (key(ImGui::GetKeyIndex(ImGuiKey_Home)))
        moveSelection(state, -static_cast<long>(m_index.size()));
    if (key(ImGui::GetKeyIndex(ImGuiKey_End))) {
        m_follow = true;
        state.paused = false;
    }
    if (key(ImGui::GetKeyIndex(ImGuiKey_Enter)) &&
        (state.selectedEvent || state.selectedQuarantined))
        state.selectView = "detail";
    if (key(ImGui::GetKeyIndex(ImGuiKey_Escape))) {
        m_selectedPos = SIZE_MAX;
        m_follow = true;
    }
}

}  // namespace switchboard::ui
