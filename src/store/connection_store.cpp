#include "store/connection_store.hpp"

#include <stdexcept>

#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>

#include "store/audit_log.hpp"

namespace switchboard::store {

namespace {

constexpr const char* kColumns =
    "id, name, url, user, password_env, password_file, settings, enabled, created_at, updated_at";

model::Connection readRow(SQLite::Statement& q) {
    model::Connection c;
    c.id = q.getColumn(0).getInt64();
    c.name = q.getColumn(1).getString();
    c.url = q.getColumn(2).getString();
    c.user = q.getColumn(3).getString();
    c.passwordEnv = q.getColumn(4).getString();
    c.passwordFile = q.getColumn(5).getString();
    nlohmann::json settings = nlohmann::json::parse(q.getColumn(6).getString(), nullptr, false);
    model::applySettings(c, settings);
    c.enabled = q.getColumn(7).getInt() != 0;
    c.created_at = q.getColumn(8).getInt64();
    c.updated_at = q.getColumn(9).getInt64();
    return c;
}

std::vector<model::Connection> select(Database& db, const std::string& where,
                                      const std::string& bind = {}) {
    SQLite::Statement q(db.sql(), std::string("SELECT ") + kColumns + " FROM connections " + where +
                                      " ORDER BY name");
    if (!bind.empty()) q.bind(1, bind);
    std::vector<model::Connection> out;
    while (q.executeStep()) out.push_back(readRow(q));
    return out;
}

// Binds the columns add and update share, in this order: url .. updated_at as ?1 .. ?7.
void bindConnectionColumns(SQLite::Statement& q, const model::Connection& c) {
    q.bind(1, c.url);
    q.bind(2, c.user);
    q.bind(3, c.passwordEnv);
    q.bind(4, c.passwordFile);
    q.bind(5, model::settingsJson(c).dump());
    q.bind(6, c.enabled ? 1 : 0);
    q.bind(7, c.updated_at);
}

}  // namespace

ConnectionStore::ConnectionStore(Database& db) : m_db(db) {}

model::Connection ConnectionStore::add(model::Connection c) {
    SQLite::Transaction tx = m_db.beginWrite();
    if (!select(m_db, "WHERE name = ?", c.name).empty()) {
        throw std::runtime_error("connection " + c.name + " already exists");
    }
    c.created_at = c.updated_at = nowMs();
    SQLite::Statement ins(m_db.sql(),
                          "INSERT INTO connections (url, user, password_env, password_file, "
                          "settings, enabled, updated_at, name, created_at) "
                          "VALUES (?,?,?,?,?,?,?,?,?)");
    bindConnectionColumns(ins, c);
    ins.bind(8, c.name);
    ins.bind(9, c.created_at);
    ins.exec();
    c.id = m_db.sql().getLastInsertRowid();
    AuditLog(m_db).record("connection.add", c.name, nullptr, model::toJson(c));
    tx.commit();
    return c;
}

model::Connection ConnectionStore::update(const model::Connection& connection) {
    SQLite::Transaction tx = m_db.beginWrite();
    auto before = select(m_db, "WHERE name = ?", connection.name);
    if (before.empty()) throw std::runtime_error("no connection named " + connection.name);
    model::Connection c = connection;
    c.id = before.front().id;
    c.created_at = before.front().created_at;
    c.updated_at = nowMs();
    SQLite::Statement up(m_db.sql(),
                         "UPDATE connections SET url = ?, user = ?, password_env = ?, "
                         "password_file = ?, settings = ?, enabled = ?, updated_at = ? "
                         "WHERE id = ?");
    bindConnectionColumns(up, c);
    up.bind(8, c.id);
    up.exec();
    AuditLog(m_db).record("connection.update", c.name, model::toJson(before.front()),
                          model::toJson(c));
    tx.commit();
    return c;
}

bool ConnectionStore::remove(const std::string& name) {
    SQLite::Transaction tx = m_db.beginWrite();
    auto before = select(m_db, "WHERE name = ?", name);
    if (before.empty()) return false;
    SQLite::Statement del(m_db.sql(), "DELETE FROM connections WHERE id = ?");
    del.bind(1, before.front().id);
    del.exec();
    AuditLog(m_db).record("connection.remove", name, model::toJson(before.front()), nullptr);
    tx.commit();
    return true;
}

bool ConnectionStore::setEnabled(const std::string& name, bool enabled) {
    auto current = get(name);
    if (!current) return false;
    if (current->enabled == enabled) return true;
    current->enabled = enabled;
    update(*current);
    return true;
}

std::optional<model::Connection> ConnectionStore::get(const std::string& name) {
    auto rows = select(m_db, "WHERE name = ?", name);
    if (rows.empty()) return std::nullopt;
    return rows.front();
}

std::vector<model::Connection> ConnectionStore::list() {
    return select(m_db, "");
}

std::vector<model::Connection> ConnectionStore::listEnabled() {
    return select(m_db, "WHERE enabled = 1");
}

}  // namespace switchboard::store
