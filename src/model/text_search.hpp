// Case-insensitive search for the console's free-text filters (the feed's words, the Runs view's
// filter field). Pure.
#pragma once

#include <string_view>

namespace switchboard::model {

// Whether `part` occurs in `text`, ASCII letters compared without case (other bytes exactly, so a
// UTF-8 sequence matches only itself). An empty part occurs everywhere.
bool containsIgnoringCase(std::string_view text, std::string_view part);

}  // namespace switchboard::model
