#include "store/migrations.hpp"

namespace switchboard::store {

// arch and tags are JSON arrays as text. dedup_key is a 128-bit xxh3 of (source, msg_id), or of
// (topic, body) when the message has no id: a re-delivered message hits the unique index and is
// counted as a duplicate instead of stored twice.
const char* const kSchemaEvents = R"sql(
CREATE TABLE events (
    id          INTEGER PRIMARY KEY,
    received_at INTEGER NOT NULL,
    kind        TEXT NOT NULL,
    event       TEXT NOT NULL DEFAULT '',
    subject     TEXT NOT NULL DEFAULT '',
    state       TEXT NOT NULL DEFAULT '',
    product     TEXT NOT NULL DEFAULT '',
    version     TEXT NOT NULL DEFAULT '',
    arch        TEXT NOT NULL DEFAULT '[]',
    component   TEXT NOT NULL DEFAULT '',
    tags        TEXT NOT NULL DEFAULT '[]',
    topic       TEXT NOT NULL DEFAULT '',
    source      TEXT NOT NULL DEFAULT '',
    msg_id      TEXT NOT NULL DEFAULT '',
    dedup_key   BLOB NOT NULL,
    headers     TEXT NOT NULL DEFAULT '{}',
    body        TEXT NOT NULL
);
CREATE UNIQUE INDEX events_dedup ON events(dedup_key);
CREATE INDEX events_received ON events(received_at);
CREATE INDEX events_kind ON events(kind, received_at);
CREATE INDEX events_subject ON events(subject);
CREATE INDEX events_state ON events(state, received_at);
CREATE INDEX events_topic ON events(topic);

CREATE TABLE quarantine (
    id          INTEGER PRIMARY KEY,
    received_at INTEGER NOT NULL,
    source      TEXT NOT NULL DEFAULT '',
    line        INTEGER NOT NULL DEFAULT 0,
    topic       TEXT NOT NULL DEFAULT '',
    reason      TEXT NOT NULL,
    raw         BLOB NOT NULL
);
CREATE INDEX quarantine_received ON quarantine(received_at);
)sql";

}  // namespace switchboard::store
