#include "store/list_store.hpp"

#include <algorithm>

#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>

#include "store/audit_log.hpp"

namespace switchboard::store {

namespace {

nlohmann::json parseOr(const std::string& text, nlohmann::json fallback) {
    auto value = nlohmann::json::parse(text, nullptr, false);
    return value.is_discarded() ? fallback : value;
}

std::vector<model::TriggerEntry> loadEntries(SQLite::Database& db, int64_t listId) {
    SQLite::Statement query(db,
                            "SELECT job_name, active, active_after, active_until, backend, params, "
                            "extra, key_order FROM trigger_entries WHERE list_id = ? "
                            "ORDER BY position");
    query.bind(1, static_cast<int64_t>(listId));
    std::vector<model::TriggerEntry> entries;
    while (query.executeStep()) {
        model::TriggerEntry e;
        e.job_name = query.getColumn(0).getString();
        e.active = query.getColumn(1).getInt() != 0;
        e.active_after = query.getColumn(2).getString();
        e.active_until = query.getColumn(3).getString();
        e.backend = query.getColumn(4).getString();
        e.params = parseOr(query.getColumn(5).getString(), nlohmann::json::object());
        e.extra = parseOr(query.getColumn(6).getString(), nlohmann::json::object());
        const auto order = parseOr(query.getColumn(7).getString(), nlohmann::json::array());
        for (const auto& key : order)
            if (key.is_string()) e.key_order.push_back(key.get<std::string>());
        entries.push_back(std::move(e));
    }
    return entries;
}

std::optional<model::TriggerList> loadList(SQLite::Database& db, const std::string& name) {
    SQLite::Statement query(
        db, "SELECT id, name, backend, created_at, updated_at FROM trigger_lists WHERE name = ?");
    query.bind(1, name);
    if (!query.executeStep()) return std::nullopt;
    model::TriggerList list;
    list.id = query.getColumn(0).getInt64();
    list.name = query.getColumn(1).getString();
    list.backend = query.getColumn(2).getString();
    list.created_at = query.getColumn(3).getInt64();
    list.updated_at = query.getColumn(4).getInt64();
    list.entries = loadEntries(db, list.id);
    return list;
}

void validateList(const model::TriggerList& list) {
    if (list.name.empty()) throw model::ListError("a trigger list needs a name");
    for (size_t i = 0; i < list.entries.size(); ++i) {
        const auto& e = list.entries[i];
        model::validateEntry(e, "list " + list.name + ": entry " + std::to_string(i + 1) +
                                    (e.job_name.empty() ? "" : " (" + e.job_name + ")"));
    }
}

void writeEntries(SQLite::Database& db, int64_t listId,
                  const std::vector<model::TriggerEntry>& entries) {
    SQLite::Statement wipe(db, "DELETE FROM trigger_entries WHERE list_id = ?");
    wipe.bind(1, static_cast<int64_t>(listId));
    wipe.exec();
    SQLite::Statement insert(db,
                             "INSERT INTO trigger_entries (list_id, position, job_name, active, "
                             "active_after, active_until, backend, params, extra, key_order) "
                             "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    for (size_t i = 0; i < entries.size(); ++i) {
        const auto& e = entries[i];
        insert.bind(1, static_cast<int64_t>(listId));
        insert.bind(2, static_cast<int64_t>(i));
        insert.bind(3, e.job_name);
        insert.bind(4, e.active ? 1 : 0);
        insert.bind(5, e.active_after);
        insert.bind(6, e.active_until);
        insert.bind(7, e.backend);
        insert.bind(8, e.params.dump());
        insert.bind(9, e.extra.dump());
        insert.bind(10, nlohmann::json(e.key_order).dump());
        insert.exec();
        insert.reset();
    }
}

int64_t upsertList(SQLite::Database& db, const std::string& name, const std::string& backend) {
    const int64_t now = nowMs();
    SQLite::Statement insert(db,
                             "INSERT INTO trigger_lists (name, backend, created_at, updated_at) "
                             "VALUES (?, ?, ?, ?) ON CONFLICT(name) DO UPDATE SET "
                             "backend = excluded.backend, updated_at = excluded.updated_at");
    insert.bind(1, name);
    insert.bind(2, backend);
    insert.bind(3, static_cast<int64_t>(now));
    insert.bind(4, static_cast<int64_t>(now));
    insert.exec();
    SQLite::Statement id(db, "SELECT id FROM trigger_lists WHERE name = ?");
    id.bind(1, name);
    id.executeStep();
    return id.getColumn(0).getInt64();
}

}  // namespace

ListStore::ListStore(Database& db) : m_db(db) {}

std::vector<std::string> ListStore::names() {
    SQLite::Statement query(m_db.sql(), "SELECT name FROM trigger_lists ORDER BY name");
    std::vector<std::string> out;
    while (query.executeStep()) out.push_back(query.getColumn(0).getString());
    return out;
}

std::vector<model::TriggerList> ListStore::all() {
    std::vector<model::TriggerList> out;
    for (const auto& name : names())
        if (auto list = loadList(m_db.sql(), name)) out.push_back(std::move(*list));
    return out;
}

std::optional<model::TriggerList> ListStore::get(const std::string& name) {
    return loadList(m_db.sql(), name);
}

void ListStore::replace(const model::TriggerList& list, const char* what) {
    validateList(list);
    SQLite::Transaction tx = m_db.beginWrite();
    const auto before = loadList(m_db.sql(), list.name);
    const int64_t id = upsertList(m_db.sql(), list.name, list.backend);
    writeEntries(m_db.sql(), id, list.entries);
    AuditLog(m_db).record(what, list.name,
                          before ? model::listToJson(*before) : nlohmann::json(nullptr),
                          model::listToJson(list));
    tx.commit();
}

void ListStore::importList(const model::TriggerList& list) { replace(list, "list.import"); }
void ListStore::saveList(const model::TriggerList& list) { replace(list, "list.update"); }

model::TriggerEntry ListStore::setEntry(const std::string& listName, const std::string& job,
                                        const EntryChange& change) {
    if (listName.empty()) throw model::ListError("a trigger list needs a name");
    SQLite::Transaction tx = m_db.beginWrite();
    auto list = loadList(m_db.sql(), listName);
    model::TriggerList updated;
    if (list) {
        updated = *list;
    } else {
        updated.name = listName;
    }
    auto it = std::find_if(updated.entries.begin(), updated.entries.end(),
                           [&](const model::TriggerEntry& e) { return e.job_name == job; });
    nlohmann::json before = nullptr;
    if (it == updated.entries.end()) {
        model::TriggerEntry fresh;
        fresh.job_name = job;
        fresh.key_order = {"job_name", "active"};
        updated.entries.push_back(fresh);
        it = updated.entries.end() - 1;
    } else {
        before = nlohmann::json::parse(model::entryToJson(*it).dump());
    }
    auto addKey = [&](const char* key) {
        if (std::find(it->key_order.begin(), it->key_order.end(), key) == it->key_order.end())
            it->key_order.push_back(key);
    };
    if (change.active) {
        it->active = *change.active;
        addKey("active");
    }
    if (change.active_after) {
        it->active_after = *change.active_after;
        it->extra.erase("active_after");
        if (!it->active_after.empty()) addKey("active_after");
    }
    if (change.active_until) {
        it->active_until = *change.active_until;
        it->extra.erase("active_until");
        if (!it->active_until.empty()) addKey("active_until");
    }
    if (change.backend) it->backend = *change.backend;
    if (change.params) it->params = *change.params;
    model::validateEntry(*it, "list " + listName + ": entry " + job);
    const int64_t id = upsertList(m_db.sql(), updated.name, updated.backend);
    writeEntries(m_db.sql(), id, updated.entries);
    const model::TriggerEntry result = *it;
    AuditLog(m_db).record("entry.set", listName + "/" + job, before,
                          nlohmann::json::parse(model::entryToJson(result).dump()));
    tx.commit();
    return result;
}

bool ListStore::removeEntry(const std::string& listName, const std::string& job) {
    SQLite::Transaction tx = m_db.beginWrite();
    auto list = loadList(m_db.sql(), listName);
    if (!list) return false;
    auto it = std::find_if(list->entries.begin(), list->entries.end(),
                           [&](const model::TriggerEntry& e) { return e.job_name == job; });
    if (it == list->entries.end()) return false;
    const auto before = nlohmann::json::parse(model::entryToJson(*it).dump());
    list->entries.erase(it);
    writeEntries(m_db.sql(), list->id, list->entries);
    AuditLog(m_db).record("entry.remove", listName + "/" + job, before, nullptr);
    tx.commit();
    return true;
}

bool ListStore::removeList(const std::string& name) {
    SQLite::Transaction tx = m_db.beginWrite();
    auto list = loadList(m_db.sql(), name);
    if (!list) return false;
    SQLite::Statement wipe(m_db.sql(), "DELETE FROM trigger_entries WHERE list_id = ?");
    wipe.bind(1, static_cast<int64_t>(list->id));
    wipe.exec();
    SQLite::Statement drop(m_db.sql(), "DELETE FROM trigger_lists WHERE id = ?");
    drop.bind(1, static_cast<int64_t>(list->id));
    drop.exec();
    AuditLog(m_db).record("list.remove", name, model::listToJson(*list), nullptr);
    tx.commit();
    return true;
}

}  // namespace switchboard::store
