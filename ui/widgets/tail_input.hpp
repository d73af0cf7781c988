// A text field for names that differ at their end: a trigger list's Gangway jobs share long
// prefixes (periodic-ci-openshift-release-master-nightly-...), so a narrow column that shows their
// start shows five identical names. While not being edited, the field shows "..." and as much of
// the end as fits; a click edits the whole text. UI thread only.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

namespace switchboard::ui {

// Where the shown tail of `text` starts so that "..." plus the tail fits in `width`, on a UTF-8
// character boundary; 0 when the whole text fits (then no "..." is shown). `measure` gives the
// drawn width of a text. Pure; any thread.
size_t tailStart(std::string_view text, float width,
                 const std::function<float(std::string_view)>& measure);

// Like ImGui::InputText(label, &text) at the current item width; returns true when text changed.
bool tailInput(const char* label, std::string& text);

}  // namespace switchboard::ui
