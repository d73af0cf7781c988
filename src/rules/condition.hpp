// Internal to the rules layer: a compiled condition tree (all / any / not over leaves that test
// one field with one operator), the fields it can read, and the JSON pointers into body,
// headers and the carried modulemd. Compiled once per rule; evaluated many times, read-only.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>
#include <re2/re2.h>

#include "model/glob.hpp"
#include "rules/eval_context.hpp"

namespace switchboard::rules::detail {

// A JSON pointer split into tokens once, so that lookups never parse or throw.
struct Pointer {
    std::vector<std::string> tokens;
    std::string text;  // as written, "/artifact/nvr"
    // Throws std::invalid_argument when text is not empty and does not start with '/'.
    static Pointer parse(const std::string& text);
    const nlohmann::json* resolve(const nlohmann::json& root) const;  // null when absent
};

enum class FieldKind {
    Kind, Event, Subject, State, Product, Version, Arch, Component, Tags, Topic, Source, MsgId,
    Body, Header, Modulemd
};

struct Field {
    FieldKind kind = FieldKind::Subject;
    Pointer pointer;   // Body, Header, Modulemd
    std::string name;  // as written: "product", "body:/artifact/nvr"
    // Throws std::invalid_argument naming the field for an unknown name or a bad pointer.
    static Field parse(const std::string& name);
};

// Maps regex named groups to rule-wide slots, so that templates can name them.
struct GroupTable {
    std::map<std::string, int> slots;
    int slotFor(const std::string& name);
};

struct Condition {
    enum class Op {
        All, Any, Not, Equals, In, Glob, Regex, Exists, Lt, Le, Gt, Ge, VersionLt, VersionLe,
        VersionGt, VersionGe, VersionEq
    };
    Op op = Op::All;
    std::vector<Condition> children;  // All, Any, Not (one child)
    Field field;
    nlohmann::json value;              // the operand as written
    std::vector<nlohmann::json> anyOf;  // In
    std::string text;                  // Glob pattern, version operand
    double number = 0;                 // numeric operand
    bool exists = true;                // Exists
    std::shared_ptr<RE2> regex;
    std::vector<std::pair<int, int>> groups;  // (regex group index, capture slot)
    std::string description;           // `product equals "RHEL"`, used in reasons

    // Throws std::invalid_argument with a message (the caller adds the rule's name).
    static Condition compile(const nlohmann::json& spec, GroupTable& groups);
    bool evaluate(EvalContext& ctx) const;
};

// Receives every text a field holds for one event, the same texts `equals` compares against a
// string operand: a normalized string, each arch / tag, or the JSON value at a pointer (each
// element of an array; a non-string as its JSON text). The rule index uses it.
struct TextSink {
    virtual ~TextSink() = default;
    virtual void operator()(std::string_view text) = 0;
};
void forEachText(const Field& field, EvalContext& ctx, TextSink& sink);

using model::globMatch;
// Compares versions segment by segment (digits numerically, letters as text, digits after
// letters), ignoring separators: 8.10 > 8.9, 9.4.0 == 9.4.0. Returns <0, 0, >0.
int compareVersions(std::string_view a, std::string_view b);

}  // namespace switchboard::rules::detail
