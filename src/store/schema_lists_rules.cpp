#include "store/migrations.hpp"

namespace switchboard::store {

// A trigger entry keeps the keys Switchboard does not know in `extra` (a JSON object) so that a
// Gangway list exports exactly as it was imported; `position` keeps the entry order and
// `key_order` (a JSON array) the order of each entry's keys.
// A rule's conditions and action live in `definition` (JSON, the rules document format).
const char* const kSchemaListsRules = R"sql(
CREATE TABLE trigger_lists (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE,
    backend    TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE TABLE trigger_entries (
    id           INTEGER PRIMARY KEY,
    list_id      INTEGER NOT NULL REFERENCES trigger_lists(id) ON DELETE CASCADE,
    position     INTEGER NOT NULL,
    job_name     TEXT NOT NULL,
    active       INTEGER NOT NULL,
    active_after TEXT NOT NULL DEFAULT '',
    active_until TEXT NOT NULL DEFAULT '',
    backend      TEXT NOT NULL DEFAULT '',
    params       TEXT NOT NULL DEFAULT '{}',
    extra        TEXT NOT NULL DEFAULT '{}',
    key_order    TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX trigger_entries_list ON trigger_entries(list_id, position);

CREATE TABLE rules (
    id         INTEGER PRIMARY KEY,
    position   INTEGER NOT NULL,
    name       TEXT NOT NULL UNIQUE,
    enabled    INTEGER NOT NULL DEFAULT 1,
    mode       TEXT NOT NULL DEFAULT 'suggest',
    stop       INTEGER NOT NULL DEFAULT 0,
    definition TEXT NOT NULL,
    updated_at INTEGER NOT NULL
);

CREATE TABLE suggestions (
    id         INTEGER PRIMARY KEY,
    event_id   INTEGER NOT NULL,
    rule       TEXT NOT NULL,
    job        TEXT NOT NULL,
    backend    TEXT NOT NULL,
    params     TEXT NOT NULL DEFAULT '{}',
    status     TEXT NOT NULL DEFAULT 'open',
    created_at INTEGER NOT NULL,
    run_id     INTEGER
);
CREATE INDEX suggestions_status ON suggestions(status, id);

CREATE TABLE audit (
    id     INTEGER PRIMARY KEY,
    at     INTEGER NOT NULL,
    who    TEXT NOT NULL,
    what   TEXT NOT NULL,
    target TEXT NOT NULL,
    before TEXT NOT NULL DEFAULT 'null',
    after  TEXT NOT NULL DEFAULT 'null'
);
CREATE TRIGGER audit_append_only_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'audit rows are append-only'); END;
CREATE TRIGGER audit_append_only_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'audit rows are append-only'); END;
)sql";

}  // namespace switchboard::store
