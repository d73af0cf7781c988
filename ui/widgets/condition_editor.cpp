#include "widgets/condition_editor.hpp"

#include <imgui_stdlib.h>

#include <cmath>
#include <cstdlib>
#include <stdexcept>

#include "model/text_search.hpp"
#include "rules/rule_set.hpp"
#include "theme.hpp"

namespace switchboard::ui {

namespace {

bool isLeaf(const nlohmann::json& spec) {
    if (!spec.is_object() || !spec.contains("field") || !spec["field"].is_string() || spec.size() != 2) return false;
    for (const auto& [key, value] : spec.items())
        if (key != "field" && (key == "all" || key == "any" || key == "not")) return false;
    return true;
}

// A leaf, or {"not": leaf}, as a row; false when the spec does not fit one row.
bool toRow(const nlohmann::json& spec, ConditionRow& row) {
    const nlohmann::json* leaf = &spec;
    if (spec.is_object() && spec.size() == 1 && spec.contains("not")) {
        row.negate = true;
        leaf = &spec["not"];
    }
    if (!isLeaf(*leaf)) return false;
    row.field = (*leaf)["field"].get<std::string>();
    for (const auto& [key, value] : leaf->items()) {
        if (key == "field") continue;
        row.op = key;
        row.literal = !value.is_string();
        if (value.is_string()) row.value = value.get<std::string>();
        else if (key == "in" && value.is_array()) row.value = value.dump();
        else row.value = value.dump();
    }
    return true;
}


// Which input the error is about: the field (unknown name, bad pointer) or the value.
bool aboutField(const std::string& error) {
    return error.find("unknown field") != std::string::npos || error.find("JSON pointer") != std::string::npos;
}

// A red zigzag under [x0, x1] at the bottom of the last item, as spell checkers draw it.
void underline(float x0, float x1, ImU32 colour) {
    const ImVec2 min = ImGui::GetItemRectMin(), max = ImGui::GetItemRectMax();
    x0 = std::max(x0, min.x + 2), x1 = std::min(std::max(x1, x0 + 8), max.x - 2);
    const float y = max.y - 3;
    ImVector<ImVec2> points;
    bool up = false;
    for (float x = x0; x < x1; x += 3, up = !up) points.push_back(ImVec2(x, up ? y - 2 : y));
    points.push_back(ImVec2(x1, up ? y - 2 : y));
    ImGui::GetWindowDrawList()->AddPolyline(points.Data, points.Size, colour, 0, 1.5f);
}

// Underlines the last InputText from the error's position (or all of it) and explains on hover.
void markError(const std::string& text, const std::string& error, ImU32 colour) {
    const float pad = ImGui::GetStyle().FramePadding.x;
    const float left = ImGui::GetItemRectMin().x + pad;
    const int pos = errorPosition(error);
    const size_t from = pos >= 0 ? std::min(static_cast<size_t>(pos), text.size()) : 0;
    const float right = ImGui::GetItemRectMax().x - pad;
    float x0 = left + ImGui::CalcTextSize(text.substr(0, from).c_str()).x;
    float x1 = left + ImGui::CalcTextSize(text.c_str()).x;
    if (x1 > right || text.empty()) x0 = left, x1 = right;  // scrolled or empty: the whole field
    underline(from == text.size() && !text.empty() ? x0 - 6 : x0, x1, colour);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", error.c_str());
}

}  // namespace

const std::vector<std::string>& conditionOperators() {
    static const std::vector<std::string> ops{"equals", "glob", "regex", "in", "exists",
                                              "lt", "le", "gt", "ge", "version_lt",
                                              "version_le", "version_gt", "version_ge", "version_eq"};
    return ops;
}

const std::vector<std::string>& conditionFields() {
    static const std::vector<std::string> fields{
        "kind", "event", "subject", "state", "product", "version", "arch", "component", "tags",
        "topic", "source", "msg_id", "body:/", "header:/", "modulemd:/"};
    return fields;
}

int errorPosition(const std::string& error) {
    const std::string key = "at position ";
    const auto at = error.find(key);
    if (at == std::string::npos) return -1;
    return std::atoi(error.c_str() + at + key.size());
}

nlohmann::json valueJson(const ConditionRow& row) {
    const std::string& v = row.value;
    if (row.op == "lt" || row.op == "le" || row.op == "gt" || row.op == "ge") {
        char* end = nullptr;
        const std::string t(model::trimmed(v));
        const double d = std::strtod(t.c_str(), &end);
        if (t.empty() || *end != '\0' || !std::isfinite(d))
            throw std::invalid_argument(row.op + " takes a number, not \"" + v + "\"");
        if (d == std::floor(d) && std::abs(d) < 9e15) return static_cast<int64_t>(d);
        return d;
    }
    if (row.op == "exists") return v != "false";
    if (row.op == "in") {
        const std::string t(model::trimmed(v));
        if (!t.empty() && t.front() == '[') {
            auto parsed = nlohmann::json::parse(t, nullptr, false);
            if (parsed.is_discarded() || !parsed.is_array())
                throw std::invalid_argument("in takes a JSON array or comma-separated values");
            return parsed;
        }
        nlohmann::json out = nlohmann::json::array();
        size_t start = 0;
        while (start <= v.size()) {
            const size_t comma = v.find(',', start);
            const size_t end = comma == std::string::npos ? v.size() : comma;
            const std::string item(model::trimmed(std::string_view(v).substr(start, end - start)));
            if (!item.empty()) out.push_back(item);
            if (comma == std::string::npos) break;
            start = comma + 1;
        }
        return out;
    }
    if (row.op == "equals" && (row.literal || v == "true" || v == "false")) {
        auto parsed = nlohmann::json::parse(v, nullptr, false);
        if (!parsed.is_discarded()) return parsed;
    }
    return v;
}

nlohmann::json rowJson(const ConditionRow& row) {
    nlohmann::json leaf = {{"field", row.field}, {row.op, valueJson(row)}};
    return row.negate ? nlohmann::json{{"not", leaf}} : leaf;
}

void validateRow(ConditionRow& row) {
    row.error.clear();
    try {
        model::Rule probe;
        probe.name = "condition";
        probe.when = rowJson(row);
        probe.action = {{"jobs", {"probe"}}, {"backend", "probe"}};
        rules::validateRule(probe);
    } catch (const std::exception& e) {
        row.error = e.what();
        const std::string prefix = "rule \"condition\": ";
        if (row.error.rfind(prefix, 0) == 0) row.error.erase(0, prefix.size());
    }
}

ConditionDraft ConditionDraft::fromJson(const nlohmann::json& when) {
    ConditionDraft d;
    bool fits = true;
    if (when.is_null()) {
    } else if (when.is_object() && when.size() == 1 && (when.contains("all") || when.contains("any")) &&
               when.begin().value().is_array()) {
        d.any = when.contains("any");
        for (const auto& child : when.begin().value()) {
            ConditionRow row;
            if (!toRow(child, row)) fits = false;
            d.rows.push_back(row);
        }
    } else {
        ConditionRow row;
        fits = toRow(when, row);
        d.rows.push_back(row);
    }
    if (!fits) {
        d.rows.clear();
        d.jsonMode = true;
        d.textError = "these conditions nest all / any / not deeper than rows show: edit them as JSON";
    }
    for (auto& row : d.rows) validateRow(row);
    d.text = when.is_null() ? "" : when.dump(2);
    return d;
}

nlohmann::json ConditionDraft::toJson() const {
    if (jsonMode) return model::trimmed(text).empty() ? nlohmann::json() : nlohmann::json::parse(text, nullptr, false);
    if (rows.empty()) return nullptr;
    nlohmann::json list = nlohmann::json::array();
    for (const auto& row : rows) {
        try {
            list.push_back(rowJson(row));
        } catch (const std::exception&) {
            list.push_back({{"field", row.field}, {row.op, row.value}});  // the row's error says why
        }
    }
    return {{any ? "any" : "all", list}};
}

bool ConditionDraft::valid() const {
    if (jsonMode) return !toJson().is_discarded();
    for (const auto& row : rows)
        if (!row.error.empty()) return false;
    return true;
}

bool editConditions(ConditionDraft& d, ImFont* mono, ImVec4 errorColour) {
    bool changed = false;
    const ImU32 red = ImGui::GetColorU32(errorColour);
    if (ImGui::Checkbox("JSON", &d.jsonMode)) {
        if (d.jsonMode) {
            const auto when = d.toJson();
            d.text = when.is_null() ? "" : when.dump(2);
            d.textError.clear();
        } else {
            const auto parsed = model::trimmed(d.text).empty() ? nlohmann::json() : nlohmann::json::parse(d.text, nullptr, false);
            if (parsed.is_discarded()) {
                d.jsonMode = true;
                d.textError = "not valid JSON: fix it before going back to rows";
            } else {
                ConditionDraft rows = ConditionDraft::fromJson(parsed);
                if (rows.jsonMode) d.jsonMode = true, d.textError = rows.textError;
                else d = rows;
            }
        }
        changed = true;
    }
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Edit the conditions as JSON (nested all / any / not)");
    if (d.jsonMode) {
        if (mono) ImGui::PushFont(mono);
        if (ImGui::InputTextMultiline("##whenjson", &d.text, ImVec2(-1, ImGui::GetTextLineHeight() * 8))) {
            changed = true;
            d.textError = d.toJson().is_discarded() ? "not valid JSON" : "";
        }
        if (mono) ImGui::PopFont();
        if (!d.textError.empty()) ImGui::TextColored(errorColour, "%s", d.textError.c_str());
        return changed;
    }
    ImGui::SameLine();
    ImGui::TextDisabled("match");
    ImGui::SameLine();
    int join = d.any ? 1 : 0;
    ImGui::SetNextItemWidth(ImGui::CalcTextSize("any of").x + ImGui::GetFrameHeight() * 2);
    if (ImGui::Combo("##join", &join, "all of\0any of\0")) d.any = join == 1, changed = true;
    if (d.rows.empty()) {
        ImGui::SameLine();
        ImGui::TextDisabled("(no conditions: every event matches)");
    }

    int remove = -1;
    const ImGuiTableFlags flags = ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_NoPadOuterX;
    if (!d.rows.empty() && ImGui::BeginTable("conds", 5, flags)) {
        const float w = ImGui::GetContentRegionAvail().x;
        ImGui::TableSetupColumn("not", ImGuiTableColumnFlags_WidthFixed);
        ImGui::TableSetupColumn("field", ImGuiTableColumnFlags_WidthFixed,
                                std::max(theme::px(120), w * 0.32f));
        ImGui::TableSetupColumn("op", ImGuiTableColumnFlags_WidthFixed, ImGui::CalcTextSize("version_ge").x + ImGui::GetFrameHeight());
        ImGui::TableSetupColumn("value", ImGuiTableColumnFlags_WidthStretch);
        ImGui::TableSetupColumn("x", ImGuiTableColumnFlags_WidthFixed);
        for (size_t i = 0; i < d.rows.size(); ++i) {
            ConditionRow& row = d.rows[i];
            bool rowChanged = false;
            ImGui::PushID(static_cast<int>(i));
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            rowChanged |= ImGui::Checkbox("##not", &row.negate);
            if (ImGui::IsItemHovered()) ImGui::SetTooltip("not: the row matches when its test fails");

            ImGui::TableNextColumn();
            const float pick = ImGui::GetFrameHeight();
            ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x - pick);
            if (mono) ImGui::PushFont(mono);
            rowChanged |= ImGui::InputText("##field", &row.field);
            if (mono) ImGui::PopFont();
            if (!row.error.empty() && aboutField(row.error)) markError(row.field, row.error, red);
            ImGui::SameLine(0, 0);
            if (ImGui::BeginCombo("##fieldpick", nullptr, ImGuiComboFlags_NoPreview | ImGuiComboFlags_PopupAlignLeft)) {
                for (const auto& f : conditionFields())
                    if (ImGui::Selectable(f.c_str(), row.field == f)) row.field = f, rowChanged = true;
                ImGui::EndCombo();
            }

            ImGui::TableNextColumn();
            ImGui::SetNextItemWidth(-1);
            if (ImGui::BeginCombo("##op", row.op.c_str())) {
                for (const auto& op : conditionOperators())
                    if (ImGui::Selectable(op.c_str(), row.op == op)) {
                        if (op == "exists" && row.op != "exists") row.value = "true";
                        row.op = op;
                        rowChanged = true;
                    }
                ImGui::EndCombo();
            }

            ImGui::TableNextColumn();
            ImGui::SetNextItemWidth(-1);
            if (row.op == "exists") {
                int yes = row.value == "false" ? 1 : 0;
                if (ImGui::Combo("##exists", &yes, "true\0false\0")) row.value = yes ? "false" : "true", rowChanged = true;
            } else {
                const char* hint = row.op == "in" ? "a, b, c  or  [\"a\", \"b\"]"
                                   : row.op == "regex" ? "RE2 pattern, e.g. ^rhel-9\\." : row.op == "glob" ? "pattern, e.g. RHEL-9*" : "value";
                if (mono) ImGui::PushFont(mono);
                rowChanged |= ImGui::InputTextWithHint("##value", hint, &row.value);
                if (mono) ImGui::PopFont();
                if (!row.error.empty() && !aboutField(row.error)) markError(row.value, row.error, red);
            }

            ImGui::TableNextColumn();
            if (ImGui::SmallButton("x")) remove = static_cast<int>(i);
            if (ImGui::IsItemHovered()) ImGui::SetTooltip("remove this condition");
            ImGui::PopID();
            if (rowChanged) {
                validateRow(row);  // compiled as typed: RE2 through the rules layer
                changed = true;
            }
        }
        ImGui::EndTable();
        // Each bad row's error in full, at full width (the cell shows the underline and a tooltip).
        for (size_t i = 0; i < d.rows.size(); ++i)
            if (!d.rows[i].error.empty()) {
                ImGui::PushStyleColor(ImGuiCol_Text, errorColour);
                ImGui::TextWrapped("condition %zu: %s", i + 1, d.rows[i].error.c_str());
                ImGui::PopStyleColor();
            }
    }
    if (remove >= 0) {
        d.rows.erase(d.rows.begin() + remove);
        changed = true;
    }
    if (ImGui::SmallButton("+ condition")) {
        ConditionRow row;
        row.field = "subject";
        row.op = "glob";
        row.value = "*";
        validateRow(row);
        d.rows.push_back(row);
        changed = true;
    }
    return changed;
}

}  // namespace switchboard::ui
