#include "store/backend_store.hpp"

#include <stdexcept>

#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>

#include "model/backend.hpp"
#include "store/audit_log.hpp"

namespace switchboard::store {

namespace {

const char* const kColumns =
    "id, name, type, url, user, token_env, token_file, ca_file, options, created_at";

model::Backend readBackend(SQLite::Statement& q) {
    model::Backend b;
    b.id = q.getColumn(0).getInt64();
    b.name = q.getColumn(1).getString();
    b.type =
        model::parseBackendType(q.getColumn(2).getString()).value_or(model::BackendType::DryRun);
    b.url = q.getColumn(3).getString();
    b.user = q.getColumn(4).getString();
    b.token_env = q.getColumn(5).getString();
    b.token_file = q.getColumn(6).getString();
    b.ca_file = q.getColumn(7).getString();
    b.options = nlohmann::json::parse(q.getColumn(8).getString(), nullptr, false);
    if (!b.options.is_object()) b.options = nlohmann::json::object();
    b.created_at = q.getColumn(9).getInt64();
    return b;
}

// Binds parameters 1-8 to the definition's columns, in kColumns' order after id: name, type,
// url, user, token_env, token_file, ca_file, options.
void bindDefinition(SQLite::Statement& q, const model::Backend& backend) {
    q.bind(1, backend.name);
    q.bind(2, std::string(model::backendTypeName(backend.type)));
    q.bind(3, backend.url);
    q.bind(4, backend.user);
    q.bind(5, backend.token_env);
    q.bind(6, backend.token_file);
    q.bind(7, backend.ca_file);
    q.bind(8, backend.options.dump());
}

// model::validateBackend, naming the backend, as the store's other refusals do.
void checkStorable(model::Backend& backend) {
    if (!backend.options.is_object()) backend.options = nlohmann::json::object();
    try {
        model::validateBackend(backend);
    } catch (const std::invalid_argument& e) {
        throw std::runtime_error("backend '" + backend.name + "': " + e.what());
    }
}

}  // namespace

BackendStore::BackendStore(Database& db) : m_db(db) {}

int64_t BackendStore::add(model::Backend backend) {
    if (backend.created_at == 0) backend.created_at = nowMs();
    checkStorable(backend);
    SQLite::Transaction tx = m_db.beginWrite();
    {
        SQLite::Statement exists(m_db.sql(), "SELECT 1 FROM backends WHERE name=?");
        exists.bind(1, backend.name);
        if (exists.executeStep())
            throw std::runtime_error("backend '" + backend.name + "' already exists");
    }
    SQLite::Statement q(m_db.sql(),
                        "INSERT INTO backends (name, type, url, user, token_env, token_file, "
                        "ca_file, options, created_at) VALUES (?,?,?,?,?,?,?,?,?)");
    bindDefinition(q, backend);
    q.bind(9, backend.created_at);
    q.exec();
    const int64_t id = m_db.sql().getLastInsertRowid();
    AuditLog(m_db).record("backend.add", backend.name, nullptr, model::toJson(backend));
    tx.commit();
    return id;
}

void BackendStore::update(model::Backend backend) {
    checkStorable(backend);
    SQLite::Transaction tx = m_db.beginWrite();
    const auto before = get(backend.name);
    if (!before) throw std::runtime_error("no backend named '" + backend.name + "'");
    SQLite::Statement q(m_db.sql(),
                        "UPDATE backends SET name=?, type=?, url=?, user=?, token_env=?, "
                        "token_file=?, ca_file=?, options=? WHERE name=?");
    bindDefinition(q, backend);
    q.bind(9, backend.name);
    q.exec();
    AuditLog(m_db).record("backend.update", backend.name, model::toJson(*before),
                          model::toJson(backend));
    tx.commit();
}

bool BackendStore::remove(const std::string& name) {
    SQLite::Transaction tx = m_db.beginWrite();
    auto before = get(name);
    if (!before) return false;
    SQLite::Statement q(m_db.sql(), "DELETE FROM backends WHERE name=?");
    q.bind(1, name);
    q.exec();
    AuditLog(m_db).record("backend.remove", name, model::toJson(*before), nullptr);
    tx.commit();
    return true;
}

std::optional<model::Backend> BackendStore::get(const std::string& name) {
    SQLite::Statement q(m_db.sql(),
                        std::string("SELECT ") + kColumns + " FROM backends WHERE name=?");
    q.bind(1, name);
    if (!q.executeStep()) return std::nullopt;
    return readBackend(q);
}

std::vector<model::Backend> BackendStore::list() {
    SQLite::Statement q(m_db.sql(),
                        std::string("SELECT ") + kColumns + " FROM backends ORDER BY name");
    std::vector<model::Backend> out;
    while (q.executeStep()) out.push_back(readBackend(q));
    return out;
}

}  // namespace switchboard::store
