// The detail pane of a quarantined message (a quarantine row of the feed opened): why it was
// refused, where it came from, and its exact bytes as escaped text or hex, copied or saved to a
// file to fix by hand and ingest again. UI thread only.
#pragma once

#include "console_state.hpp"
#include "widgets/file_dialog.hpp"

namespace switchboard::ui {

class QuarantineDetail {
public:
    void draw(ConsoleState& state);

private:
    void drawFields(ConsoleState& state, const engine::QuarantineFetched& q);

    bool m_hex = false;
    FileDialog m_dialog;
};

}  // namespace switchboard::ui
