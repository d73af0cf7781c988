// Field pointers in SQLite (`pointers add|list|remove|import`, the console's "Read as"). Each add
// and remove writes its audit row in the same transaction.
// One FieldPointerStore per thread (it uses the Database it was given).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "model/field_pointer.hpp"
#include "store/database.hpp"

namespace SQLite {
class Statement;
}

namespace switchboard::store {

struct PointerImport {
    int added = 0;    // new pointers, tried after those already there, in the file's order
    int present = 0;  // already there (same topic, field, part and pointer): left as they were
};

class FieldPointerStore {
public:
    explicit FieldPointerStore(Database& db);
    ~FieldPointerStore();

    // Adds a pointer with an audit row ("pointer.add"); returns its id. Throws
    // std::runtime_error saying why for a pointer that does not parse, an empty topic glob, or
    // one that is already there.
    int64_t add(model::FieldPointer pointer);
    // Adds every pointer not already there, in one transaction, each with its audit row. Throws
    // std::runtime_error naming the first one that does not parse ("pointer 3: ..."), having
    // added none.
    PointerImport importAll(const std::vector<model::FieldPointer>& pointers);
    // Removes it with an audit row ("pointer.remove"); false when no such pointer.
    bool remove(int64_t id);

    std::vector<model::FieldPointer> list();  // in the order they are tried (oldest first)
    // Changes whenever the set of pointers changes: the live ingest path re-reads them when it
    // does, with one small query per batch. The query is prepared once per store: preparing
    // allocates SQLite's parser, which made glibc consolidate its free lists on every batch of
    // serve (3.5 % of its CPU).
    std::string version();

private:
    static void check(const model::FieldPointer& pointer);  // throws why it cannot be stored
    int64_t findSame(const model::FieldPointer& pointer);   // the id of an equal one, else 0
    int64_t insert(model::FieldPointer pointer);            // with its audit row; no transaction

    Database& m_db;
    std::unique_ptr<SQLite::Statement> m_versionQuery;
};

}  // namespace switchboard::store
