#include "store/run_store.hpp"

#include <SQLiteCpp/Statement.h>

#include "model/json_dump.hpp"

namespace switchboard::store {

namespace {

const char* const kColumns =
    "id, job, backend, params, cause, reason, event_id, rule, retrigger_of, who, status, "
    "external_id, url, attempts, last_error, created_at, updated_at, finished_at";

model::JobRun readRun(SQLite::Statement& q) {
    model::JobRun run;
    run.id = q.getColumn(0).getInt64();
    run.job = q.getColumn(1).getString();
    run.backend = q.getColumn(2).getString();
    // A params column that does not parse (edited by hand) reads as an empty object rather than
    // hiding the whole run.
    run.params = nlohmann::json::parse(q.getColumn(3).getString(), nullptr, false);
    if (run.params.is_discarded()) run.params = nlohmann::json::object();
    run.cause =
        model::parseRunCause(q.getColumn(4).getString()).value_or(model::RunCause::Operator);
    run.reason = q.getColumn(5).getString();
    run.event_id = q.getColumn(6).getInt64();
    run.rule = q.getColumn(7).getString();
    run.retrigger_of = q.getColumn(8).getInt64();
    run.who = q.getColumn(9).getString();
    run.status =
        model::parseRunStatus(q.getColumn(10).getString()).value_or(model::RunStatus::Error);
    run.external_id = q.getColumn(11).getString();
    run.url = q.getColumn(12).getString();
    run.attempts = q.getColumn(13).getInt();
    run.last_error = q.getColumn(14).getString();
    run.created_at = q.getColumn(15).getInt64();
    run.updated_at = q.getColumn(16).getInt64();
    run.finished_at = q.getColumn(17).getInt64();
    return run;
}

std::vector<model::JobRun> readAll(SQLite::Statement& q) {
    std::vector<model::JobRun> out;
    while (q.executeStep()) out.push_back(readRun(q));
    return out;
}

std::string statusText(model::RunStatus status) {
    return std::string(model::runStatusName(status));
}

// Binds the columns insert and update share, in this order: job .. last_error as ?1 .. ?14.
void bindRunColumns(SQLite::Statement& q, const model::JobRun& run) {
    q.bind(1, run.job);
    q.bind(2, run.backend);
    q.bind(3, model::dumpJson(run.params));  // params may carry a header's bytes
    q.bind(4, std::string(model::runCauseName(run.cause)));
    q.bind(5, run.reason);
    q.bind(6, run.event_id);
    q.bind(7, run.rule);
    q.bind(8, run.retrigger_of);
    q.bind(9, run.who);
    q.bind(10, statusText(run.status));
    q.bind(11, run.external_id);
    q.bind(12, run.url);
    q.bind(13, run.attempts);
    q.bind(14, run.last_error);
}

}  // namespace

RunStore::RunStore(Database& db) : m_db(db) {}

int64_t RunStore::insert(model::JobRun run) {
    const int64_t now = nowMs();
    if (run.created_at == 0) run.created_at = now;
    if (run.updated_at == 0) run.updated_at = run.created_at;
    SQLite::Statement q(m_db.sql(),
                        "INSERT INTO runs (job, backend, params, cause, reason, event_id, rule, "
                        "retrigger_of, who, status, external_id, url, attempts, last_error, "
                        "created_at, updated_at, finished_at) "
                        "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
    bindRunColumns(q, run);
    q.bind(15, run.created_at);
    q.bind(16, run.updated_at);
    q.bind(17, run.finished_at);
    q.exec();
    return m_db.sql().getLastInsertRowid();
}

void RunStore::update(const model::JobRun& run) {
    SQLite::Statement q(
        m_db.sql(),
        "UPDATE runs SET job=?, backend=?, params=?, cause=?, reason=?, event_id=?, "
        "rule=?, retrigger_of=?, who=?, status=?, external_id=?, url=?, attempts=?, "
        "last_error=?, updated_at=?, finished_at=? WHERE id=?");
    bindRunColumns(q, run);
    q.bind(15, run.updated_at != 0 ? run.updated_at : nowMs());
    q.bind(16, run.finished_at);
    q.bind(17, run.id);
    q.exec();
}

bool RunStore::claim(int64_t id) {
    SQLite::Statement q(m_db.sql(),
                        "UPDATE runs SET status='running', updated_at=? WHERE id=? AND "
                        "status='queued'");
    q.bind(1, nowMs());
    q.bind(2, id);
    return q.exec() == 1;
}

void RunStore::addAttempt(const RunAttempt& attempt) {
    SQLite::Statement q(m_db.sql(),
                        "INSERT INTO run_attempts (run_id, attempt, at, request, http_status, "
                        "outcome, detail) VALUES (?,?,?,?,?,?,?)");
    q.bind(1, attempt.run_id);
    q.bind(2, attempt.attempt);
    q.bind(3, attempt.at != 0 ? attempt.at : nowMs());
    q.bind(4, attempt.request);
    q.bind(5, attempt.http_status);
    q.bind(6, attempt.outcome);
    q.bind(7, attempt.detail);
    q.exec();
}

std::optional<model::JobRun> RunStore::get(int64_t id) {
    SQLite::Statement q(m_db.sql(), std::string("SELECT ") + kColumns + " FROM runs WHERE id=?");
    q.bind(1, id);
    if (!q.executeStep()) return std::nullopt;
    return readRun(q);
}

std::vector<model::JobRun> RunStore::list(int64_t limit, int64_t beforeId) {
    SQLite::Statement q(m_db.sql(), std::string("SELECT ") + kColumns +
                                        " FROM runs WHERE (?=0 OR id<?) ORDER BY id DESC LIMIT ?");
    q.bind(1, beforeId);
    q.bind(2, beforeId);
    q.bind(3, limit);
    return readAll(q);
}

std::vector<model::JobRun> RunStore::withStatus(model::RunStatus status, int64_t limit) {
    SQLite::Statement q(m_db.sql(), std::string("SELECT ") + kColumns +
                                        " FROM runs WHERE status=? ORDER BY id LIMIT ?");
    q.bind(1, statusText(status));
    q.bind(2, limit);
    return readAll(q);
}

std::vector<model::JobRun> RunStore::forEvent(int64_t eventId) {
    SQLite::Statement q(
        m_db.sql(), std::string("SELECT ") + kColumns + " FROM runs WHERE event_id=? ORDER BY id");
    q.bind(1, eventId);
    return readAll(q);
}

std::vector<RunAttempt> RunStore::attempts(int64_t runId) {
    SQLite::Statement q(m_db.sql(),
                        "SELECT run_id, attempt, at, request, http_status, outcome, detail FROM "
                        "run_attempts WHERE run_id=? ORDER BY attempt, id");
    q.bind(1, runId);
    std::vector<RunAttempt> out;
    while (q.executeStep()) {
        RunAttempt a;
        a.run_id = q.getColumn(0).getInt64();
        a.attempt = q.getColumn(1).getInt();
        a.at = q.getColumn(2).getInt64();
        a.request = q.getColumn(3).getString();
        a.http_status = q.getColumn(4).getInt();
        a.outcome = q.getColumn(5).getString();
        a.detail = q.getColumn(6).getString();
        out.push_back(std::move(a));
    }
    return out;
}

}  // namespace switchboard::store
