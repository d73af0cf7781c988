// Bus connection definitions in SQLite (`connections add|list|remove`, the console's connections
// view, `serve`). Stores the names of password variables or files, never a password. Every change
// records an audit row in the same transaction. One ConnectionStore per thread (it uses the
// Database it was given).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "model/connection.hpp"
#include "store/database.hpp"

namespace switchboard::store {

class ConnectionStore {
public:
    explicit ConnectionStore(Database& db);

    // Inserts and returns the stored connection (id and timestamps set). Throws
    // std::runtime_error "connection NAME already exists" when the name is taken.
    model::Connection add(model::Connection connection);

    // Replaces the definition of an existing connection (matched by name). Throws
    // std::runtime_error when there is none.
    model::Connection update(const model::Connection& connection);

    // Returns false when there was no such connection.
    bool remove(const std::string& name);
    bool setEnabled(const std::string& name, bool enabled);

    std::optional<model::Connection> get(const std::string& name);
    std::vector<model::Connection> list();  // by name
    std::vector<model::Connection> listEnabled();

private:
    Database& m_db;
};

}  // namespace switchboard::store
