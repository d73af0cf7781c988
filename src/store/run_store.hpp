// Job runs and their attempts in SQLite. Rules insert queued runs here; the dispatcher claims and
// advances them; the faces read them. One RunStore per thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model/job_run.hpp"
#include "store/database.hpp"

namespace switchboard::store {

struct RunAttempt {
    int64_t run_id = 0;
    int attempt = 0;
    int64_t at = 0;
    std::string request;  // method and URL, never credentials
    int http_status = 0;  // 0 when no HTTP answer (connection error, timeout, dry run)
    std::string outcome;  // "ok", "retry", "final", "error"
    std::string detail;   // error text or the answer's body (truncated)
};

class RunStore {
public:
    explicit RunStore(Database& db);

    // Inserts the run (created_at/updated_at stamped when 0) and returns its id.
    int64_t insert(model::JobRun run);
    void update(const model::JobRun& run);  // every column but id and created_at
    // Moves a queued run to running, atomically: true for the one caller (thread or process) that
    // won it, so two dispatchers never send the same run.
    bool claim(int64_t id);
    void addAttempt(const RunAttempt& attempt);

    std::optional<model::JobRun> get(int64_t id);
    std::vector<model::JobRun> list(int64_t limit, int64_t beforeId = 0);  // newest first
    std::vector<model::JobRun> withStatus(model::RunStatus status, int64_t limit);
    std::vector<model::JobRun> forEvent(int64_t eventId);
    std::vector<RunAttempt> attempts(int64_t runId);

private:
    Database& m_db;
};

}  // namespace switchboard::store
