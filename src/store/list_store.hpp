// Trigger lists and their entries in SQLite. Every change is one transaction that also appends an
// audit row (store/audit_log.hpp). One ListStore per thread (it uses the Database it was given).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model/trigger_list.hpp"
#include "store/database.hpp"

namespace switchboard::store {

// What `lists set` (or the GUI's entry editor) changes; an unset field keeps its value.
// An empty string for after/until removes that bound.
struct EntryChange {
    std::optional<bool> active;
    std::optional<std::string> active_after;
    std::optional<std::string> active_until;
    std::optional<std::string> backend;
    std::optional<nlohmann::json> params;
};

class ListStore {
public:
    explicit ListStore(Database& db);

    std::vector<std::string> names();         // sorted
    std::vector<model::TriggerList> all();    // sorted by name, with entries
    std::optional<model::TriggerList> get(const std::string& name);

    // Creates or replaces the list (name, backend, entries in order), validating every entry
    // first (model::ListError names the bad one; nothing written). Audit "list.import".
    void importList(const model::TriggerList& list);
    // Same as importList but audited as "list.update" (the GUI editor's save).
    void saveList(const model::TriggerList& list);

    // Changes one entry, creating it (and the list, with an empty backend) when missing; the
    // result is validated before anything is written. Returns the entry as stored.
    // Audit "entry.set" with target "LIST/JOB".
    model::TriggerEntry setEntry(const std::string& list, const std::string& job,
                                 const EntryChange& change);

    bool removeEntry(const std::string& list, const std::string& job);  // audit "entry.remove"
    bool removeList(const std::string& name);                           // audit "list.remove"

private:
    void replace(const model::TriggerList& list, const char* what);
    Database& m_db;
};

}  // namespace switchboard::store
