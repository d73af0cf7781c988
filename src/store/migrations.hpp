// The schema, as an ordered list of migrations. Version N is applied when PRAGMA user_version < N.
// Each area keeps its DDL in its own schema_*.cpp so that the tables live beside their owners.
// Never edit a migration that has shipped: add a new one.
#pragma once

#include <vector>

namespace switchboard::store {

struct Migration {
    int version;
    const char* sql;
};

extern const char* const kSchemaEvents;        // events, quarantine
extern const char* const kSchemaListsRules;    // trigger lists, rules, suggestions, audit
extern const char* const kSchemaJobs;          // backends, runs, run attempts
extern const char* const kSchemaConnections;   // bus connections
extern const char* const kSchemaDedupTimeKey;  // store_meta; marks rows with the old dedup key
extern const char* const kSchemaFieldPointers; // field pointers for `other` events
extern const char* const kSchemaFacetChanges;  // which events' facets were rewritten
extern const char* const kSchemaTopicIds;      // topics by number; the topic index on it
extern const char* const kSchemaQuarantineKeys; // quarantine: dedup key, message id, headers
extern const char* const kSchemaDeferredIndexes; // indexes a bulk ingest builds at its end

const std::vector<Migration>& migrations();

}  // namespace switchboard::store
