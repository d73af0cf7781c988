#include "store/migrations.hpp"

namespace switchboard::store {

// Field pointers (model::FieldPointer): tried in id order, so AUTOINCREMENT keeps a removed id
// from coming back and a new pointer always comes last. The same pointer for the same field,
// part and topics is one row. `part` is "body" or "headers".
const char* const kSchemaFieldPointers = R"sql(
CREATE TABLE field_pointers (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    topic_glob TEXT NOT NULL,
    field      TEXT NOT NULL,
    part       TEXT NOT NULL DEFAULT 'body',
    pointer    TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    UNIQUE (topic_glob, field, part, pointer)
);
)sql";

}  // namespace switchboard::store
