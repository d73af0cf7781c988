// Suggestions: runs a `suggest` rule proposes for an event, waiting for the operator to accept
// (which queues the run through RunStore) or dismiss them. One SuggestionStore per thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "store/database.hpp"

namespace switchboard::store {

struct Suggestion {
    int64_t id = 0;
    int64_t event_id = 0;
    std::string rule;
    std::string job;
    std::string backend;
    nlohmann::json params = nlohmann::json::object();
    std::string status = "open";  // open, accepted, dismissed
    int64_t created_at = 0;
    int64_t run_id = 0;  // the run accepting created; 0 otherwise
};

class SuggestionStore {
public:
    explicit SuggestionStore(Database& db);

    // Stamps created_at when 0; returns the id. Does not open a transaction (the engine hook
    // batches several inserts in its own).
    int64_t insert(Suggestion suggestion);
    std::optional<Suggestion> get(int64_t id);
    std::vector<Suggestion> open(int64_t limit);                        // oldest first
    std::vector<Suggestion> list(int64_t limit, int64_t beforeId = 0);  // newest first
    std::vector<Suggestion> forEvent(int64_t eventId);

    // Accepting queues a run (cause rule, who = `who`) and records its id; both in one
    // transaction. Returns the run id, or nullopt when the suggestion is not open.
    std::optional<int64_t> accept(int64_t id, const std::string& who);
    bool dismiss(int64_t id);  // false when not open

private:
    Database& m_db;
};

}  // namespace switchboard::store
