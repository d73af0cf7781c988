#include "store/migrations.hpp"

namespace switchboard::store {

// A connection stores where its password is (password_env or password_file), never the password.
// `settings` holds the rest as JSON: queue, exchange, bindings, subscriptions, prefetch, TLS files.
const char* const kSchemaConnections = R"sql(
CREATE TABLE connections (
    id            INTEGER PRIMARY KEY,
    name          TEXT NOT NULL UNIQUE,
    url           TEXT NOT NULL,
    user          TEXT NOT NULL DEFAULT '',
    password_env  TEXT NOT NULL DEFAULT '',
    password_file TEXT NOT NULL DEFAULT '',
    settings      TEXT NOT NULL DEFAULT '{}',
    enabled       INTEGER NOT NULL DEFAULT 1,
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL
);
)sql";

}  // namespace switchboard::store
