// Internal to the rules layer: `${...}` templates in job names and parameters, parsed once.
// Variables: subject, product, version, component, state, kind, event, topic, source, msg_id,
// id, arch, tags, body:/pointer, header:name (or header:/pointer), match:group (a regex named
// group of the rule's conditions). `$${` writes a literal `${`. A variable with no value makes
// render() fail with a reason: a missing value is a non-match, never an empty string.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "rules/condition.hpp"

namespace switchboard::rules::detail {

// The values one planned run renders with: the arch of this run (per-arch fan-out) and one
// value per capture slot (one combination of captured values).
struct RenderEnv {
    EvalContext* ctx = nullptr;
    const std::string* arch = nullptr;             // null: ${arch} joins the event's arches
    const std::vector<const std::string*>* slots = nullptr;  // by slot; null entry = no value
};

class Template {
public:
    // Throws std::invalid_argument for an unknown variable, a pointer without '/', an unclosed
    // `${`, or a match group the conditions do not define. Adds used slots to `usedSlots`.
    static Template parse(const std::string& text, const GroupTable& groups, std::vector<int>& usedSlots);
    bool render(const RenderEnv& env, std::string& out, std::string* reason) const;
    bool isLiteral() const { return m_parts.size() <= 1 && (m_parts.empty() || m_parts[0].literal); }

private:
    struct Part {
        bool literal = true;
        std::string text;  // the literal, or the variable as written
        enum class Var { Field, Arch, Tags, Id, Body, Header, Match } var = Var::Field;
        FieldKind field = FieldKind::Subject;
        Pointer pointer;
        std::string headerName;
        int slot = -1;
    };
    std::vector<Part> m_parts;
};

// A JSON value whose strings are templates (job params).
class ValueTemplate {
public:
    static ValueTemplate parse(const nlohmann::json& value, const GroupTable& groups,
                               std::vector<int>& usedSlots);
    bool render(const RenderEnv& env, nlohmann::json& out, std::string* reason) const;

private:
    nlohmann::json m_literal;
    bool m_isString = false;
    Template m_string;
    std::vector<std::pair<std::string, ValueTemplate>> m_members;  // object
    std::vector<ValueTemplate> m_items;                            // array
    bool m_isObject = false, m_isArray = false;
};

}  // namespace switchboard::rules::detail
