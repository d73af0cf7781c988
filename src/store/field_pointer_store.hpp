// Field pointers in SQLite (`pointers add|list|remove`, the console's "Read as"). Each add and
// remove writes its audit row in the same transaction.
// One FieldPointerStore per thread (it uses the Database it was given).
#pragma once

#include <string>
#include <vector>

#include "model/field_pointer.hpp"
#include "store/database.hpp"

namespace switchboard::store {

class FieldPointerStore {
public:
    explicit FieldPointerStore(Database& db);

    // Adds a pointer with an audit row ("pointer.add"); returns its id. Throws
    // std::runtime_error saying why for a pointer that does not parse, an empty topic glob, or
    // one that is already there.
    int64_t add(model::FieldPointer pointer);
    // Removes it with an audit row ("pointer.remove"); false when no such pointer.
    bool remove(int64_t id);

    std::vector<model::FieldPointer> list();  // in the order they are tried (oldest first)
    // Changes whenever the set of pointers changes: the live ingest path re-reads them when it
    // does, with one small query per batch.
    std::string version();

private:
    Database& m_db;
};

}  // namespace switchboard::store
