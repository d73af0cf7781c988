// A collapsible JSON tree with a context menu per node: copy value, copy JSON pointer, copy the
// whole document, and whatever the caller adds. Borrows the document each call, owns nothing.
// UI thread only.
#pragma once

#include <functional>
#include <string>

#include <nlohmann/json.hpp>

struct ImFont;

namespace switchboard::ui {

// Called inside a node's context menu, after the copy items, with the node's JSON pointer: draws
// the caller's own menu items.
using NodeMenu = std::function<void(const std::string& pointer, const nlohmann::json& node)>;

void jsonTree(const char* id, const nlohmann::json& doc, ImFont* mono, const NodeMenu& menu = {});

}  // namespace switchboard::ui
