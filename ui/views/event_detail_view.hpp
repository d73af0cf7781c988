// Event detail: normalized fields, raw body and headers as JSON trees, the rules explanation, the
// runs this event caused, a fire form prefilled from the event, and a structural diff against a
// pinned second event. A value in the body or headers offers the messages that mention it, and
// in an `other` event "Read as" a field (a field pointer). A quarantined message opened from the
// feed is shown by QuarantineDetail instead. UI thread only.
#pragma once

#include <cstdint>
#include <string>

#include "views/quarantine_detail.hpp"
#include "views/view.hpp"
#include "widgets/json_tree.hpp"
#include "widgets/pointer_dialog.hpp"

namespace switchboard::ui {

// The event D leaves pinned as the other side of the diff: none when one is pinned (whichever
// event is open), else the open one. One rule whatever is open, so that the diff header's "D
// unpins" holds. Pure.
int64_t pinAfterD(int64_t pinned, int64_t open);

class EventDetailView : public View {
public:
    EventDetailView() : View("detail", "Event", Pane::Right) {}

protected:
    void drawContent(ConsoleState& state) override;

private:
    void drawFields(ConsoleState& state, const model::Event& event);
    void drawRules(ConsoleState& state, const engine::EventFetched& fetched);
    void drawRuns(ConsoleState& state, const engine::EventFetched& fetched);
    void drawFire(ConsoleState& state, const model::Event& event);
    void drawDiff(ConsoleState& state);
    void drawBody(ConsoleState& state, const model::Event& event);
    // The body or headers tree's items for a value: the messages that mention it (a contains:
    // filter in the feed), and "Read as" a field (a field pointer from this value).
    NodeMenu valueMenu(ConsoleState& state, const model::Event& event, model::PointerPart part);

    int64_t m_formFor = 0;      // the event the fire form was prefilled from
    std::string m_formSubject;  // ... and its subject then
    std::string m_job, m_backend, m_params, m_reason;
    PointerDialog m_pointerDialog;
    QuarantineDetail m_quarantine;  // shown instead when a quarantine row was opened
};

}  // namespace switchboard::ui
