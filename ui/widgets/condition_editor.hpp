// The rules editor's structured conditions: one row per condition (field, operator, value, not),
// joined by "all" or "any", each row compiled by the rules layer as it is typed so that a bad
// regex or pointer is underlined with its error. Conditions that nest deeper than one all/any
// level stay in the JSON text mode. The draft is plain data (converted to and from the rule's
// `when` JSON without ImGui); editConditions() borrows it per frame. UI thread only.
#pragma once

#include <string>
#include <vector>

#include <imgui.h>
#include <nlohmann/json.hpp>

namespace switchboard::ui {

struct ConditionRow {
    std::string field = "kind";
    std::string op = "equals";
    std::string value;      // as typed; converted by valueJson()
    bool negate = false;    // wrapped in {"not": ...}
    bool literal = false;   // the loaded value was not a string (true, 3): keep its JSON type
    std::string error;      // the rules layer's complaint about this row alone, "" when valid
};

struct ConditionDraft {
    bool any = false;       // "any" joins the rows, else "all"
    std::vector<ConditionRow> rows;
    bool jsonMode = false;  // the advanced text mode (forced when the tree does not fit rows)
    std::string text;       // the JSON text while in jsonMode
    std::string textError;  // why the text does not parse or fit rows

    // Rows when `when` fits them (null, a leaf, a not-leaf, or all/any of those), else jsonMode
    // with the text. Rows are validated.
    static ConditionDraft fromJson(const nlohmann::json& when);
    // The `when` this draft stands for (null with no rows). In jsonMode, the parsed text
    // (discarded JSON when it does not parse).
    nlohmann::json toJson() const;
    bool valid() const;  // no row error, and the text parses in jsonMode
};

// The operator names the rules layer accepts, in menu order.
const std::vector<std::string>& conditionOperators();
const std::vector<std::string>& conditionFields();  // plus body:/, header:/, modulemd:/ pointers

// The row's operand as the rules layer takes it: lt/le/gt/ge a number, exists a bool, in an array
// (JSON, or comma-separated strings), equals true/false/numbers when typed so on a literal row,
// anything else the text. Throws std::invalid_argument for a bad number or array.
nlohmann::json valueJson(const ConditionRow& row);
nlohmann::json rowJson(const ConditionRow& row);
// Compiles the row alone through the rules layer and stores its error ("" when valid).
void validateRow(ConditionRow& row);
// Where an "invalid regex ... at position N: ..." error points, or -1.
int errorPosition(const std::string& error);

// Draws the editor; returns true when the draft changed (its `when` should be re-validated).
bool editConditions(ConditionDraft& draft, ImFont* mono, ImVec4 errorColour);

}  // namespace switchboard::ui
