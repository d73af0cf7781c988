// Job backends in SQLite (`backends add|list|remove`). Each add and remove writes its audit row in
// the same transaction. Only the stored form is kept: token_env/token_file name the secret.
// One BackendStore per thread (it uses the Database it was given).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "model/backend.hpp"
#include "store/database.hpp"

namespace switchboard::store {

class BackendStore {
public:
    explicit BackendStore(Database& db);

    // Adds a backend with an audit row ("backend.add"). Throws std::runtime_error when the name is
    // taken or model::validateBackend refuses it.
    int64_t add(model::Backend backend);
    // Replaces the definition of the backend of that name (its runs keep naming it) with an audit
    // row ("backend.update", before and after). Throws std::runtime_error when there is none, and
    // for what add() refuses.
    void update(model::Backend backend);
    // Removes it with an audit row ("backend.remove"); false when no such backend.
    bool remove(const std::string& name);

    std::optional<model::Backend> get(const std::string& name);
    std::vector<model::Backend> list();  // by name

private:
    Database& m_db;
};

}  // namespace switchboard::store
