// Rules in SQLite, in evaluation order. Every change is one transaction with an audit row per
// rule it created, changed or removed. The store does not validate definitions: callers compile
// them first (rules::RuleSet::compile) so that a bad rule never reaches the table.
// One RuleStore per thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model/rule.hpp"
#include "store/database.hpp"

namespace switchboard::store {

class RuleStore {
public:
    explicit RuleStore(Database& db);

    std::vector<model::Rule> all();  // in evaluation order
    std::optional<model::Rule> get(const std::string& name);

    // Replaces the whole rule set in one transaction (`rules import`). Audit rows: "rule.create",
    // "rule.update" (definition or position changed), "rule.remove". Throws std::runtime_error on
    // a duplicate name (nothing written).
    void replaceAll(const std::vector<model::Rule>& rules);

    // Inserts (at the end) or updates (in place) the rule with this name. Audit "rule.create" or
    // "rule.update". Returns its id.
    int64_t save(const model::Rule& rule);
    bool remove(const std::string& name);  // audit "rule.remove"
    // Moves a rule to position `index` (0-based, clamped). Audit "rule.move".
    bool move(const std::string& name, int index);

    // Grows whenever lists, rules (or anything audited) change: the engine hook reloads its
    // compiled rules when this differs from what it compiled.
    int64_t changeCounter();

private:
    Database& m_db;
};

}  // namespace switchboard::store
