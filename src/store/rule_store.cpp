#include "store/rule_store.hpp"

#include <set>
#include <stdexcept>

#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>

#include "store/audit_log.hpp"

namespace switchboard::store {

namespace {

nlohmann::json definitionOf(const model::Rule& rule) {
    return nlohmann::json::parse(model::ruleToJson(rule).dump());
}

std::vector<model::Rule> loadAll(SQLite::Database& db) {
    SQLite::Statement query(db,
                            "SELECT id, name, enabled, mode, stop, definition, updated_at "
                            "FROM rules ORDER BY position, id");
    std::vector<model::Rule> rules;
    while (query.executeStep()) {
        model::Rule rule;
        rule.id = query.getColumn(0).getInt64();
        rule.name = query.getColumn(1).getString();
        rule.enabled = query.getColumn(2).getInt() != 0;
        rule.mode = model::parseRuleMode(query.getColumn(3).getString())
                        .value_or(model::RuleMode::Suggest);
        rule.stop = query.getColumn(4).getInt() != 0;
        const auto def = nlohmann::json::parse(query.getColumn(5).getString(), nullptr, false);
        if (def.is_object()) {
            if (def.contains("description") && def["description"].is_string())
                rule.description = def["description"].get<std::string>();
            if (def.contains("when")) rule.when = def["when"];
            if (def.contains("action")) rule.action = def["action"];
        }
        rule.updated_at = query.getColumn(6).getInt64();
        rules.push_back(std::move(rule));
    }
    return rules;
}

void writeRule(SQLite::Database& db, const model::Rule& rule, int position) {
    SQLite::Statement insert(
        db,
        "INSERT INTO rules (position, name, enabled, mode, stop, definition, updated_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(name) DO UPDATE SET position = "
        "excluded.position, enabled = excluded.enabled, mode = excluded.mode, stop = "
        "excluded.stop, definition = excluded.definition, updated_at = excluded.updated_at");
    insert.bind(1, position);
    insert.bind(2, rule.name);
    insert.bind(3, rule.enabled ? 1 : 0);
    insert.bind(4, std::string(model::ruleModeName(rule.mode)));
    insert.bind(5, rule.stop ? 1 : 0);
    insert.bind(6, model::ruleToJson(rule).dump());
    insert.bind(7, static_cast<int64_t>(nowMs()));
    insert.exec();
}

void deleteRule(SQLite::Database& db, const std::string& name) {
    SQLite::Statement drop(db, "DELETE FROM rules WHERE name = ?");
    drop.bind(1, name);
    drop.exec();
}

void renumber(SQLite::Database& db, const std::vector<model::Rule>& ordered) {
    SQLite::Statement update(db, "UPDATE rules SET position = ? WHERE name = ?");
    for (size_t i = 0; i < ordered.size(); ++i) {
        update.bind(1, static_cast<int64_t>(i));
        update.bind(2, ordered[i].name);
        update.exec();
        update.reset();
    }
}

}  // namespace

RuleStore::RuleStore(Database& db) : m_db(db) {}

std::vector<model::Rule> RuleStore::all() { return loadAll(m_db.sql()); }

std::optional<model::Rule> RuleStore::get(const std::string& name) {
    for (auto& rule : loadAll(m_db.sql()))
        if (rule.name == name) return rule;
    return std::nullopt;
}

void RuleStore::replaceAll(const std::vector<model::Rule>& rules) {
    std::set<std::string> names;
    for (const auto& rule : rules) {
        if (rule.name.empty()) throw std::runtime_error("a rule needs a name");
        if (!names.insert(rule.name).second)
            throw std::runtime_error("rule \"" + rule.name + "\": duplicate name");
    }
    SQLite::Transaction tx = m_db.beginWrite();
    const auto before = loadAll(m_db.sql());
    AuditLog audit(m_db);
    for (const auto& old : before) {
        if (names.count(old.name) == 0) {
            deleteRule(m_db.sql(), old.name);
            audit.record("rule.remove", old.name, definitionOf(old), nullptr);
        }
    }
    for (size_t i = 0; i < rules.size(); ++i) {
        const auto& rule = rules[i];
        const model::Rule* previous = nullptr;
        size_t previousIndex = 0;
        for (size_t j = 0; j < before.size(); ++j)
            if (before[j].name == rule.name) {
                previous = &before[j];
                previousIndex = j;
            }
        writeRule(m_db.sql(), rule, static_cast<int>(i));
        if (previous == nullptr) {
            audit.record("rule.create", rule.name, nullptr, definitionOf(rule));
        } else if (!model::sameDefinition(*previous, rule) || previousIndex != i) {
            nlohmann::json after = definitionOf(rule);
            nlohmann::json prior = definitionOf(*previous);
            prior["position"] = previousIndex;
            after["position"] = i;
            audit.record("rule.update", rule.name, prior, after);
        }
    }
    tx.commit();
}

int64_t RuleStore::save(const model::Rule& rule) {
    if (rule.name.empty()) throw std::runtime_error("a rule needs a name");
    SQLite::Transaction tx = m_db.beginWrite();
    auto rules = loadAll(m_db.sql());
    int position = static_cast<int>(rules.size());
    const model::Rule* previous = nullptr;
    for (size_t i = 0; i < rules.size(); ++i)
        if (rules[i].name == rule.name) {
            previous = &rules[i];
            position = static_cast<int>(i);
        }
    writeRule(m_db.sql(), rule, position);
    AuditLog(m_db).record(previous ? "rule.update" : "rule.create", rule.name,
                          previous ? definitionOf(*previous) : nlohmann::json(nullptr),
                          definitionOf(rule));
    SQLite::Statement id(m_db.sql(), "SELECT id FROM rules WHERE name = ?");
    id.bind(1, rule.name);
    id.executeStep();
    const int64_t result = id.getColumn(0).getInt64();
    tx.commit();
    return result;
}

bool RuleStore::remove(const std::string& name) {
    SQLite::Transaction tx = m_db.beginWrite();
    auto rules = loadAll(m_db.sql());
    for (size_t i = 0; i < rules.size(); ++i) {
        if (rules[i].name != name) continue;
        deleteRule(m_db.sql(), name);
        AuditLog(m_db).record("rule.remove", name, definitionOf(rules[i]), nullptr);
        rules.erase(rules.begin() + static_cast<long>(i));
        renumber(m_db.sql(), rules);
        tx.commit();
        return true;
    }
    return false;
}

bool RuleStore::move(const std::string& name, int index) {
    SQLite::Transaction tx = m_db.beginWrite();
    auto rules = loadAll(m_db.sql());
    for (size_t i = 0; i < rules.size(); ++i) {
        if (rules[i].name != name) continue;
        model::Rule moved = rules[i];
        rules.erase(rules.begin() + static_cast<long>(i));
        const size_t target =
            static_cast<size_t>(std::max(0, std::min<int>(index, static_cast<int>(rules.size()))));
        rules.insert(rules.begin() + static_cast<long>(target), moved);
        renumber(m_db.sql(), rules);
        AuditLog(m_db).record("rule.move", name, nlohmann::json{{"position", i}},
                              nlohmann::json{{"position", target}});
        tx.commit();
        return true;
    }
    return false;
}

int64_t RuleStore::changeCounter() {
    SQLite::Statement query(m_db.sql(), "SELECT COALESCE(MAX(id), 0) FROM audit");
    query.executeStep();
    return query.getColumn(0).getInt64();
}

}  // namespace switchboard::store
