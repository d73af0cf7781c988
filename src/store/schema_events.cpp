#include "store/migrations.hpp"

namespace switchboard::store {

// events holds the normalized facets only, so that a scan or a row lookup behind a filter
// (`events --count`, the console's history load) reads ~150 bytes a row instead of the whole
// message; the raw headers and body live in event_raw under the same id.
// arch and tags are JSON arrays as text. dedup_key is a 128-bit xxh3 of (source, msg_id), or of
// (topic, body) when the message has no id: a re-delivered message hits the unique index and is
// counted as a duplicate instead of stored twice.
// Indexes serve the filters of `switchboard events`. kind is single-column on purpose: the
// implicit rowid after the key lets "kind = ? ORDER BY id DESC LIMIT n" walk the index backwards
// and stop after n rows. state carries kind after it so that the common "kind and state" count is
// answered from one index (with two single-column indexes it took 2 s over 1M events); a state
// matches few rows, so sorting them by id is cheap. subject
// and topic globs with a literal prefix become index ranges (GLOB is case-sensitive, as the
// BINARY collation needs); other globs scan the narrow index, not the table. (Version 8 below
// moves the topic index to a number per topic.)
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
    dedup_key   BLOB NOT NULL
);
CREATE UNIQUE INDEX events_dedup ON events(dedup_key);
CREATE INDEX events_received ON events(received_at);
CREATE INDEX events_kind ON events(kind);
CREATE INDEX events_subject ON events(subject);
CREATE INDEX events_state_kind ON events(state, kind);
CREATE INDEX events_topic ON events(topic);

-- The message as it came, headers and body as JSON text; same id as its events row.
CREATE TABLE event_raw (
    id      INTEGER PRIMARY KEY,
    headers TEXT NOT NULL DEFAULT '{}',
    body    TEXT NOT NULL
);
-- Retention deletes from events; the raw part goes with it.
CREATE TRIGGER events_delete_raw AFTER DELETE ON events BEGIN
    DELETE FROM event_raw WHERE id = OLD.id;
END;

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

// Version 5 leads the dedup key with the message's send time (store::dedupKey). Rows stored before
// keep their old key, which cannot be rebuilt (the send time of a file's line was not kept); the
// marker names the last such row, and the store looks a new message's old key up too while any of
// them is left.
const char* const kSchemaDedupTimeKey = R"sql(
CREATE TABLE store_meta (
    name  TEXT PRIMARY KEY,
    value INTEGER NOT NULL
) WITHOUT ROWID;
INSERT INTO store_meta (name, value)
    SELECT 'legacy_dedup_max_id', max(id) FROM events HAVING count(*) > 0;
)sql";

// Version 7: each rewrite of stored events' facets (store::updateFacets, when field pointers
// changed) notes the ids it changed, so that every console reading the file reloads those rows,
// whichever process changed them (`pointers apply` from a shell, another console). `ids` is the
// ids as decimal text, comma-separated; only the newest changes are kept (kKeptFacetChanges).
const char* const kSchemaFacetChanges = R"sql(
CREATE TABLE facet_changes (
    revision   INTEGER PRIMARY KEY,
    changed_at INTEGER NOT NULL,
    ids        TEXT NOT NULL
);
)sql";

// Version 8 indexes topics by a small number instead of their text. A topic is ~50 bytes, most of
// them a prefix every topic shares ("org.fedoraproject.prod."), so each insert into the text index
// compared long strings at every level; ingesting 300,000 events took 5-10 % longer with it. Topics
// are few (one per message type), so `topics` names each once and the index is on events.topic_id.
// events.topic keeps the text: every reader reads it as before; only the topic filter goes
// through `topics`. The update rewrites each stored row once, when this version is applied.
const char* const kSchemaTopicIds = R"sql(
CREATE TABLE topics (
    id   INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE
);
INSERT INTO topics (name) SELECT DISTINCT topic FROM events;
ALTER TABLE events ADD COLUMN topic_id INTEGER NOT NULL DEFAULT 0;
UPDATE events SET topic_id = (SELECT id FROM topics WHERE topics.name = events.topic);
DROP INDEX events_topic;
CREATE INDEX events_topic_id ON events(topic_id);
)sql";

// Version 9 keys a quarantined bus delivery as events are keyed (store::EventStore::
// addQuarantine), so that one re-delivered after its commit and before its ack (a dropped
// connection, a killed serve) is a duplicate, not a second row. A file's line has no key (NULL):
// ingesting a file again keeps its bad lines again, and NULLs never collide in a unique index. Rows
// from before keep NULL. A bus delivery also keeps its message id and headers (JSON text; NULL for
// a file's line), which the broker gave beside the bytes. Adding nullable columns rewrites no row;
// only the index reads the table.
const char* const kSchemaQuarantineKeys = R"sql(
ALTER TABLE quarantine ADD COLUMN dedup_key BLOB;
ALTER TABLE quarantine ADD COLUMN msg_id TEXT NOT NULL DEFAULT '';
ALTER TABLE quarantine ADD COLUMN headers TEXT;
CREATE UNIQUE INDEX quarantine_dedup ON quarantine(dedup_key);
)sql";

// Version 10: the filter indexes a bulk ingest dropped, to build them again by sorting once it has
// stored its rows (store/deferred_indexes.hpp). Each row is an index's CREATE statement as
// sqlite_master had it. Who builds them is decided by a lock on a file beside the database, not
// by this table; owner_pid only tells people which process dropped them.
const char* const kSchemaDeferredIndexes = R"sql(
CREATE TABLE deferred_indexes (
    name      TEXT PRIMARY KEY,
    sql       TEXT NOT NULL,
    owner_pid INTEGER NOT NULL
) WITHOUT ROWID;
)sql";

}  // namespace switchboard::store
