// A text field for names too long for their column. A trigger list's Gangway jobs share long
// prefixes and differ in the middle (periodic-ci-openshift-release-master-nightly-4.18-e2e-aws-ovn
// beside ...-4.19-e2e-aws-ovn), so a narrow column that shows their start, or their end, shows
// five identical names. While not being edited, the field leaves out the prefix every name of the
// list shares and shows what follows, where they differ; with no such prefix it shows the end. A
// click edits the whole text. UI thread only, except the pure functions.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace switchboard::ui {

using MeasureText = std::function<float(std::string_view)>;

// Where the shown tail of `text` starts so that "..." plus the tail fits in `width`, on a UTF-8
// character boundary; 0 when the whole text fits (then no "..." is shown). `measure` gives the
// drawn width of a text. Pure; any thread.
size_t tailStart(std::string_view text, float width, const MeasureText& measure);

// How many leading bytes every one of `names` shares, cut back to just after a '-', '_', '/' or
// ':' so that a part that tells names apart ("4.18" against "4.19") is shown whole. Empty names
// are left out. 0 for fewer than two names, or when they share no such part. Pure; any thread.
size_t sharedNamePrefix(const std::vector<std::string>& names);

// The bytes [begin, end) of `text` a field `width` wide shows, dots standing for what is left out
// before begin and after end. The whole text when it fits; else what follows `sharedPrefix` (see
// sharedNamePrefix), its start kept when even that is too long; else, with no shared prefix, the
// end (tailStart). Never cuts a UTF-8 character. Pure; any thread.
struct ShownSpan {
    size_t begin = 0;
    size_t end = 0;
};
ShownSpan shownSpan(std::string_view text, size_t sharedPrefix, float width,
                    const MeasureText& measure);

// What a field shows of `text` for `span`: the bytes, with "..." for what is left out on either
// side. Pure; any thread.
std::string shownText(std::string_view text, const ShownSpan& span);

// Like ImGui::InputText(label, &text) at the current item width; returns true when text changed.
// `sharedPrefix` is what the text shares with its neighbours (sharedNamePrefix of them all).
bool elidedInput(const char* label, std::string& text, size_t sharedPrefix = 0);

}  // namespace switchboard::ui
