#include "store/migrations.hpp"

namespace switchboard::store {

// A backend stores where its secret is (token_env or token_file), never the secret itself.
// `options` holds per-type settings (Gangway's endpoint style, job-trigger body templates, ...).
const char* const kSchemaJobs = R"sql(
CREATE TABLE backends (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE,
    type       TEXT NOT NULL,
    url        TEXT NOT NULL DEFAULT '',
    user       TEXT NOT NULL DEFAULT '',
    token_env  TEXT NOT NULL DEFAULT '',
    token_file TEXT NOT NULL DEFAULT '',
    ca_file    TEXT NOT NULL DEFAULT '',
    options    TEXT NOT NULL DEFAULT '{}',
    created_at INTEGER NOT NULL
);

CREATE TABLE runs (
    id           INTEGER PRIMARY KEY,
    job          TEXT NOT NULL,
    backend      TEXT NOT NULL,
    params       TEXT NOT NULL DEFAULT '{}',
    cause        TEXT NOT NULL,
    reason       TEXT NOT NULL DEFAULT '',
    event_id     INTEGER NOT NULL DEFAULT 0,
    rule         TEXT NOT NULL DEFAULT '',
    retrigger_of INTEGER NOT NULL DEFAULT 0,
    who          TEXT NOT NULL DEFAULT '',
    status       TEXT NOT NULL,
    external_id  TEXT NOT NULL DEFAULT '',
    url          TEXT NOT NULL DEFAULT '',
    attempts     INTEGER NOT NULL DEFAULT 0,
    last_error   TEXT NOT NULL DEFAULT '',
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL,
    finished_at  INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX runs_status ON runs(status, id);
CREATE INDEX runs_event ON runs(event_id);

CREATE TABLE run_attempts (
    id          INTEGER PRIMARY KEY,
    run_id      INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    attempt     INTEGER NOT NULL,
    at          INTEGER NOT NULL,
    request     TEXT NOT NULL DEFAULT '',
    http_status INTEGER NOT NULL DEFAULT 0,
    outcome     TEXT NOT NULL,
    detail      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX run_attempts_run ON run_attempts(run_id, attempt);
)sql";

}  // namespace switchboard::store
