// A collapsible JSON tree with a context menu per node: copy value, copy JSON pointer, copy the
// whole document. Borrows the document each call, owns nothing. UI thread only.
#pragma once

#include <nlohmann/json.hpp>

struct ImFont;

namespace switchboard::ui {

void jsonTree(const char* id, const nlohmann::json& doc, ImFont* mono);

}  // namespace switchboard::ui
